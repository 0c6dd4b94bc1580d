/** docs/CLI.md, bundled as text (tsup's `text` loader; a jest transform in tests). */
declare module '*.md' {
  const text: string;
  export default text;
}
