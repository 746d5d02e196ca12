// The part of the WebAssembly JS API the plugin host uses: Node has it as a global, but the
// project compiles without the DOM library that declares it.
declare global {
  namespace WebAssembly {
    class Module {
      constructor(bytes: Uint8Array);
      static imports(m: Module): { module: string; name: string; kind: string }[];
      static exports(m: Module): { name: string; kind: string }[];
    }
    class Instance {
      constructor(module: Module, imports?: Imports);
      readonly exports: Record<string, unknown>;
    }
    class Memory {
      readonly buffer: ArrayBuffer;
    }
    class CompileError extends Error {}
    class LinkError extends Error {}
    class RuntimeError extends Error {}
    type Imports = Record<string, Record<string, unknown>>;
  }
}
export {};
