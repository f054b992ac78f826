/* eslint-disable no-control-regex -- finding control characters is what this file is for */
/**
 * Text a server sent, made safe to show: ANSI/OSC escape sequences and every other C0/C1 control
 * character except \n and \t are removed, so an `ERR` line cannot clear the screen or retitle the terminal.
 */
export function serverText(s: string): string {
  return s
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g, '') // OSC: ESC ] ... BEL or ST
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]?/g, '') // CSI: ESC [ params final
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}
