// Imported first: zod probes `new Function` once to decide on its JIT, and the page's CSP (no 'unsafe-eval')
// reports that probe as a violation even though zod catches it. jitless skips the probe; parsing is the same.
// Only the page sets this global: the library itself never changes zod's configuration.
import { config } from "zod";

config({ jitless: true });
