// The Angular CLI dev server (ng serve) running the generated proxy.conf.json, from test/stacks/angular.
import { angular } from './apps/dev-proxies.ts';
import { useStackBrowser } from './harness/prove.ts';
import { proveDevProxy } from './harness/prove-proxy.ts';

const env = useStackBrowser();
proveDevProxy(angular, env);
