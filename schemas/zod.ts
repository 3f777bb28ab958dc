/**
 * The part of zod this project uses, re-exported by name so the bundler can leave out the rest (zod's
 * `z` namespace drags in every locale: ~190 KB the Lambda would parse at each cold start).
 * Use as `import { z } from "./zod"`.
 */
export * as z from "./zod-exports";
