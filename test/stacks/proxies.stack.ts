// Dev-server proxies: Vite (a dependency of this project) and webpack-dev-server (test/stacks/webpack).
import { vite, webpack, webpackInModuleProject } from './apps/dev-proxies.ts';
import { useStackBrowser } from './harness/prove.ts';
import { proveDevProxy } from './harness/prove-proxy.ts';

const env = useStackBrowser();
proveDevProxy(vite, env);
proveDevProxy(webpack, env);
proveDevProxy(webpackInModuleProject, env);
