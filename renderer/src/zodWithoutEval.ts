import { config } from 'zod';

// Imported first, before any module builds a schema: zod probes for eval (new Function) as it builds object
// schemas, to compile their parsers, and under the page's CSP the probe is refused and reported as a violation
// on every load. The renderer's few parses (an address's filter) need no compiled parser.
config({ jitless: true });
