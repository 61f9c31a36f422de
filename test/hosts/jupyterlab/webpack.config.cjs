/**
 * Webpack configuration of the zld JupyterLab test host (used by build.mjs through webpack's Node API).
 *
 * @example
 * ```js
 * const configs = require('./webpack.config.cjs')({ stageDir, outDir, nodeModules, shared, extensions });
 * ```
 */
const path = require('node:path');
const webpack = require('webpack');
const { merge } = require('webpack-merge');
const { Build } = require('@jupyterlab/builder');
const baseConfig = require('@jupyterlab/builder/lib/webpack.config.base');

/**
 * @param {{ stageDir: string, outDir: string, nodeModules: string, shared: Record<string, object>, extensions: string[] }} o
 */
module.exports = function hostConfig(o) {
  // copies schemas and themes next to the bundle and writes `style.js` into the stage folder
  const themeConfigs = Build.ensureAssets({
    packageNames: o.extensions,
    output: o.stageDir,
    schemaOutput: o.outDir,
    themeOutput: o.outDir,
  });
  const resolve = { modules: ['node_modules', o.nodeModules] };
  const app = merge(baseConfig, {
    mode: 'development',
    devtool: false,
    context: o.stageDir,
    entry: path.join(o.stageDir, 'bootstrap.js'),
    output: {
      path: path.join(o.outDir, 'static'),
      filename: 'bundle.js',
      chunkFilename: '[name].[contenthash].js',
      library: { type: 'var', name: ['_JUPYTERLAB', 'CORE_OUTPUT'] },
    },
    resolve,
    resolveLoader: resolve,
    optimization: { splitChunks: false },
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
    plugins: [
      new webpack.container.ModuleFederationPlugin({
        name: 'CORE_FEDERATION',
        library: { type: 'var', name: ['_JUPYTERLAB', 'CORE_LIBRARY_FEDERATION'] },
        shared: o.shared,
      }),
    ],
  });
  return [app, ...themeConfigs.map((c) => merge(c, { resolve, resolveLoader: resolve, mode: 'development', devtool: false }))];
};
