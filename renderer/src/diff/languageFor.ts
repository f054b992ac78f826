/** Monaco's language for a path (C for the kernel's .c and .h). */
export function languageFor(path: string): string {
  if (/\.(c|h)$/.test(path)) return 'c';
  if (/\.(cc|cpp|hpp|cxx)$/.test(path)) return 'cpp';
  return 'plaintext';
}
