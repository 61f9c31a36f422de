/**
 * Webpack loader of the zld JupyterLab host: gives `@microsoft/fast-foundation` 2.50.0's design tokens back the
 * 2.49.x behaviour (what JupyterLab 4.x was tested with). 2.50.0 added notifications and CSS-reflection updates
 * on token delete, node unbind, append/remove child and upstream change; with JupyterLab's dark theme applied
 * (at load, or a live switch) the `@jupyter/web-components` tokens then re-set each other until "Maximum call
 * stack size exceeded", again and again, and the page never gets ready. Each change below removes one of those
 * additions; a source without them (another version) passes through unchanged.
 *
 * @example
 * ```js
 * module: { rules: [{ test: /fast-foundation[\\/]dist[\\/]esm[\\/]design-token[\\/]design-token\.js$/, loader: require.resolve('./fast-foundation-fix.cjs') }] }
 * ```
 */
const REVERTS = [
  // Store.delete() notifies subscribers
  [/(\n\s*delete\(token\) \{\n\s*this\.values\.delete\(token\);)\n\s*Observable\.getNotifier\(this\)\.notify\(token\.id\);/, '$1'],
  // DesignTokenNode.unbind() tears its binding observers down
  [/\n\s*for \(const token of this\.bindingObservers\.keys\(\)\) \{\n\s*this\.tearDownBindingObserver\(token\);\n\s*\}(?=\n\s*\}\n\s*\/\*\*\n\s*\* Appends a child)/, ''],
  // appendChild(): children update their CSS reflection
  [/\n\s*\/\/ Need to stop reflecting any tokens that can now be inherited\n\s*child\.updateCSSTokenReflection\(child\.store, token\);/, ''],
  // removeChild(): children re-hydrate every token
  [
    /\n(\s*)if \(child\.parent !== this\) \{\n\s*return false;\n\s*\}\n\s*const deleted = childToParent\.delete\(child\);\n\s*for \(const \[token\] of this\.store\.all\(\)\) \{[\s\S]*?\n\s*\}\n\s*return deleted;/,
    '\n$1return child.parent === this ? childToParent.delete(child) : false;',
  ],
  // handleChange() from upstream: updates the CSS reflection after hydrating
  [/(\n\s*this\.hydrate\(token, this\.getRaw\(token\)\);)\n\s*this\.updateCSSTokenReflection\(this\.store, token\);/, '$1'],
];

module.exports = function fastFoundationFix(source) {
  return REVERTS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), source);
};
