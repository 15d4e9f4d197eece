/** Picks the renderer for an output format. */
import { stringify } from 'yaml';
import type { Diagnosis } from '../diagnose/report.ts';
import { renderMarkdown } from './markdown.ts';
import { renderText } from './text.ts';
import { COLOR, PLAIN } from './style.ts';

export const OUTPUT_FORMATS = ['text', 'json', 'yaml', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function renderDiagnosis(d: Diagnosis, format: OutputFormat, color = false): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(d, null, 2)}\n`;
    case 'yaml':
      return stringify(d);
    case 'markdown':
      return renderMarkdown(d);
    case 'text':
      return renderText(d, { style: color ? COLOR : PLAIN });
  }
}
