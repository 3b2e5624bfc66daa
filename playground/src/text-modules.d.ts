// esbuild's "text" loader: example files are bundled as strings.
declare module "*.toml" {
  const text: string;
  export default text;
}
declare module "*.json" {
  const text: string;
  export default text;
}
