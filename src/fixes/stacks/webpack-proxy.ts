/** webpack-dev-server `devServer.proxy` (array form, webpack-dev-server 5). */
import { js } from '../quote.ts';
import { httpProxyEntry } from './http-proxy-entry.ts';
import { proxyNotes } from './proxy-notes.ts';
import type { StackTemplate } from './template.ts';

export const webpackProxy: StackTemplate = {
  id: 'webpack-proxy',
  title: 'webpack dev server proxy (devServer.proxy)',
  kind: 'proxy',
  language: 'js',
  vary: 'not-needed',
  render(ctx) {
    const { prefix } = ctx.proxy;
    const entry = [
      `        context: [${js(prefix)}],`,
      ...httpProxyEntry(ctx, (p) => `pathRewrite: { ${js('^' + p)}: '' }`),
    ];
    const code = `// webpack.config.js: merge \`devServer.proxy\` into your existing config
module.exports = {
  // ...your entry, module, plugins
  devServer: {
    proxy: [
      {
        // The page calls ${js(ctx.proxy.pagePath)}: same origin as the page, so no CORS at all.
${entry.join('\n')}
      },
    ],
  },
};
`;
    return {
      code,
      notes: [
        'Where: `webpack.config.js`, `devServer.proxy`. webpack-dev-server 5 takes an array as above; version 4 (Vue CLI 5, older setups) takes an object: `proxy: { ' +
          js(prefix) +
          ': { target, changeOrigin: true } }`. Create React App: put the same options in `src/setupProxy.js` with `http-proxy-middleware`.',
        'ES module projects (`"type": "module"` in package.json): `module.exports` fails there; name the file `webpack.config.cjs` (webpack-cli finds it) or write `export default { ... }`.',
        ...proxyNotes(ctx, 'Restart the dev server after editing the config.'),
      ],
    };
  },
};
