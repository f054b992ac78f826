/** Commands added by later features (serve, exports, export) register here. */
export const EXTRA_USAGE = '';

export async function runExtraCommand(
  _command: string,
  _values: Record<string, string | boolean | undefined>,
  _positionals: string[],
  _io: { out: (s: string) => void; err: (s: string) => void },
): Promise<number | null> {
  return null;
}
