/**
 * Collects sections and blocks while a reader walks a file, then settles the title. Shared by
 * every reader so all formats produce documents of the same shape.
 */
import { titleFromSourceName } from './document-model.ts';
import type {
  BlockKind,
  DocumentSection,
  IngestionWarning,
  ListPosition,
  ParsedDocument,
  SourceLocation,
} from './document-model.ts';

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

export interface BlockDetails {
  location?: SourceLocation;
  list?: ListPosition;
}

export class DocumentBuilder {
  private readonly sections: DocumentSection[] = [];
  private readonly warnings: IngestionWarning[] = [];

  startSection(heading: string, level: number, line: number): void {
    if (!HAS_WORD_CHARACTER.test(heading)) return;
    this.sections.push({ heading, level, line, blocks: [] });
  }

  /** Blocks left without a letter or digit once markup is gone (a lone image) are dropped. */
  addBlock(kind: BlockKind, text: string, line: number, details: BlockDetails = {}): void {
    if (!HAS_WORD_CHARACTER.test(text)) return;

    let section = this.sections.at(-1);
    if (section === undefined) {
      section = { heading: '', level: 0, line, blocks: [] };
      this.sections.push(section);
    }
    section.blocks.push({ kind, text, line, ...definedDetails(details) });
  }

  warn(warning: IngestionWarning): void {
    this.warnings.push(warning);
  }

  /**
   * The title comes from metadata when the file has it, else from a top-level heading that
   * opens the document, else from the file name.
   */
  finish(metadataTitle: string | undefined, sourceName: string): ParsedDocument {
    const first = this.sections.find((section) => section.heading !== '' || section.blocks.length);
    const openingHeading = first?.level === 1 ? first.heading : undefined;
    const title = metadataTitle ?? openingHeading ?? titleFromSourceName(sourceName);

    const document: ParsedDocument = { title, sections: this.sections };
    return this.warnings.length > 0 ? { ...document, warnings: this.warnings } : document;
  }
}

function definedDetails(details: BlockDetails): BlockDetails {
  return {
    ...(details.location ? { location: details.location } : {}),
    ...(details.list ? { list: details.list } : {}),
  };
}
