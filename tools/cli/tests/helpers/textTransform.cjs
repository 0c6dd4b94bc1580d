// Jest transform: a Markdown file is its text, as tsup's `text` loader bundles it.
module.exports = {
  process: (source) => ({ code: `module.exports = ${JSON.stringify(source)};` }),
};
