/** Multi-document YAML (`kubectl get -o yaml`, hand-written manifests, `cluster-info dump -o yaml`). */
import { isMap, isNode, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { blankLogBlocks } from './log-blocks.ts';
import { snapshotError } from './snapshot-error.ts';
import type { SkippedText, SourceDocument } from './source-document.ts';
import { createLocator, type TextPosition } from './text-position.ts';

/** The non-empty documents of a YAML text and the log blocks skipped around them. */
export interface YamlDocuments {
  documents: SourceDocument[];
  skipped: SkippedText;
}

/** Parses every document of `text`; empty and comment-only documents are skipped, YAML errors are InputErrors at their position. */
export function parseYamlDocuments(
  text: string,
  file: string,
  locate: (offset: number) => TextPosition = createLocator(text),
): YamlDocuments {
  const blanked = blankLogBlocks(text, file, locate);
  const documents: SourceDocument[] = [];
  for (const document of parseAll(blanked.text, file)) {
    const error = document.errors[0];
    if (error !== undefined) {
      const at = error.linePos?.[0];
      const position = at === undefined ? locate(error.pos[0]) : { line: at.line, column: at.col };
      // The yaml package appends " at line L, column C:" and a code frame; the position is already in front.
      const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw snapshotError(file, position, `invalid YAML: ${message}`);
    }
    const contents = document.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const position = locate(contents.range[0]);
    let value: unknown;
    try {
      value = document.toJS();
    } catch (conversionError) {
      const message = conversionError instanceof Error ? conversionError.message : String(conversionError);
      throw snapshotError(file, position, `invalid YAML: ${message}`);
    }
    const items = isMap(contents) ? contents.get('items', true) : undefined;
    const itemPositions = isSeq(items)
      ? items.items.map((item) => (isNode(item) && item.range ? locate(item.range[0]) : position))
      : [];
    documents.push({ value, position, itemPositions });
  }
  return { documents, skipped: { logBlocks: blanked.logBlocks, textLines: 0 } };
}

function parseAll(text: string, file: string) {
  try {
    return parseAllDocuments(text);
  } catch (parseError) {
    // The parser reports syntax faults in `errors`; a throw is a resource limit (nesting depth).
    const message = parseError instanceof Error ? parseError.message : String(parseError);
    throw snapshotError(file, { line: 1, column: 1 }, `invalid YAML: ${message}`);
  }
}
