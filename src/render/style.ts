/** Terminal styling as plain functions; identity when colour is off (pipes, NO_COLOR, --no-color). */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const wrap =
  (open: number, close: number) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[${close}m`;

export const COLOR: Style = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39) };
const id = (s: string): string => s;
export const PLAIN: Style = { bold: id, dim: id, red: id, yellow: id, green: id, cyan: id };

/** Removes terminal control characters from cluster-supplied text so a crafted event message cannot drive the terminal. */
export function sanitize(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
