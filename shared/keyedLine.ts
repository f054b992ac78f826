/**
 * What `^\s*(KEY)\s*:\s*(.+?)\s*$` gives a line, for `head` = `/^\s*(KEY)\s*:/` (with its flags): the key as
 * written and the value without the white space around it. The whole expression tried each end of the value against
 * each run of white space inside it: a line of 100,000 spaces between two words took minutes. Null where it does
 * not match (no value; a line terminator inside the value, which `.` does not take).
 */
export function keyedLine(line: string, head: RegExp): [key: string, value: string] | null {
  const m = head.exec(line);
  if (!m) return null;
  const rest = line.slice(m[0].length);
  const value = rest.trim();
  if (value !== '') return LINE_END.test(value) ? null : [m[1]!, value];
  // all white space: the expression's value is its last character that `.` takes
  for (let i = rest.length - 1; i >= 0; i--) if (!LINE_END.test(rest[i]!)) return [m[1]!, rest[i]!];
  return null;
}

const LINE_END = /[\n\r\u2028\u2029]/;
