// The browser tests import the runtime's wasm as an app would, through Vite's `?url`. Vite's own
// `vite/client` types don't resolve from this package while `vite` is not one of its
// devDependencies, so the one specifier used is declared here (for the type check only: it is
// not shipped).
declare module '@rive-app/canvas/rive.wasm?url' {
  const url: string;
  export default url;
}
