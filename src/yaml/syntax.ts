// go-yaml v2's parser (libyaml's parserc state machine) over scan.ts, and the part of its
// decoder that reads events: the first document's events in order, so that the first syntax
// error is the one go-yaml meets, reported with its line rule (scanner errors print the
// 1-based line of where the scanner stands, parser errors the 0-based line of the offending
// token, or of the enclosing collection's start; line 0 prints nothing).
import { CodePoints } from './reader.js';
import { Scanner, Tok, YamlSyntaxError, type Mark, type Token } from './scan.js';

const enum Ev {
  StreamStart,
  StreamEnd,
  DocumentStart,
  DocumentEnd,
  Alias,
  Scalar,
  SequenceStart,
  SequenceEnd,
  MappingStart,
  MappingEnd,
}

interface Event {
  type: Ev;
  anchor?: string;
  /** Where a node (or a collection's end) ends: a decoded document reads no further. */
  end?: Mark;
}

const enum St {
  StreamStart,
  ImplicitDocumentStart,
  DocumentStart,
  DocumentContent,
  DocumentEnd,
  BlockNode,
  BlockNodeOrIndentlessSequence,
  FlowNode,
  BlockSequenceFirstEntry,
  BlockSequenceEntry,
  IndentlessSequenceEntry,
  BlockMappingFirstKey,
  BlockMappingKey,
  BlockMappingValue,
  FlowSequenceFirstEntry,
  FlowSequenceEntry,
  FlowSequenceEntryMappingKey,
  FlowSequenceEntryMappingValue,
  FlowSequenceEntryMappingEnd,
  FlowMappingFirstKey,
  FlowMappingKey,
  FlowMappingValue,
  FlowMappingEmptyValue,
  End,
}

const DEFAULT_TAGS: [string, string][] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];

function parserError(problem: string, problemMark: Mark, contextMark?: Mark): never {
  throw new YamlSyntaxError('parser', problem, problemMark, contextMark);
}

class EventParser {
  private state = St.StreamStart;
  private readonly states: St[] = [];
  private readonly marks: Mark[] = [];
  private tagDirectives: [string, string][] = [];

  constructor(private readonly s: Scanner) {}

  next(): Event {
    switch (this.state) {
      case St.StreamStart:
        return this.streamStart();
      case St.ImplicitDocumentStart:
        return this.documentStart(true);
      case St.DocumentStart:
        return this.documentStart(false);
      case St.DocumentContent:
        return this.documentContent();
      case St.DocumentEnd:
        return this.documentEnd();
      case St.BlockNode:
        return this.node(true, false);
      case St.BlockNodeOrIndentlessSequence:
        return this.node(true, true);
      case St.FlowNode:
        return this.node(false, false);
      case St.BlockSequenceFirstEntry:
        return this.blockSequenceEntry(true);
      case St.BlockSequenceEntry:
        return this.blockSequenceEntry(false);
      case St.IndentlessSequenceEntry:
        return this.indentlessSequenceEntry();
      case St.BlockMappingFirstKey:
        return this.blockMappingKey(true);
      case St.BlockMappingKey:
        return this.blockMappingKey(false);
      case St.BlockMappingValue:
        return this.blockMappingValue();
      case St.FlowSequenceFirstEntry:
        return this.flowSequenceEntry(true);
      case St.FlowSequenceEntry:
        return this.flowSequenceEntry(false);
      case St.FlowSequenceEntryMappingKey:
        return this.flowSequenceEntryMappingKey();
      case St.FlowSequenceEntryMappingValue:
        return this.flowSequenceEntryMappingValue();
      case St.FlowSequenceEntryMappingEnd:
        this.s.peek();
        this.state = St.FlowSequenceEntry;
        return { type: Ev.MappingEnd };
      case St.FlowMappingFirstKey:
        return this.flowMappingKey(true);
      case St.FlowMappingKey:
        return this.flowMappingKey(false);
      case St.FlowMappingValue:
        return this.flowMappingValue(false);
      case St.FlowMappingEmptyValue:
        return this.flowMappingValue(true);
      case St.End:
        return { type: Ev.StreamEnd };
    }
  }

  private pop(): void {
    this.state = this.states.pop() as St;
  }

  private empty(): Event {
    return { type: Ev.Scalar };
  }

  private streamStart(): Event {
    const t = this.s.peek();
    if (t.type !== Tok.StreamStart) parserError('did not find expected <stream-start>', t.start);
    this.state = St.ImplicitDocumentStart;
    this.s.skipToken();
    return { type: Ev.StreamStart };
  }

  private documentStart(implicit: boolean): Event {
    let t = this.s.peek();
    if (!implicit) {
      while (t.type === Tok.DocumentEnd) {
        this.s.skipToken();
        t = this.s.peek();
      }
    }
    if (
      implicit &&
      t.type !== Tok.VersionDirective &&
      t.type !== Tok.TagDirective &&
      t.type !== Tok.DocumentStart &&
      t.type !== Tok.StreamEnd
    ) {
      this.processDirectives();
      this.states.push(St.DocumentEnd);
      this.state = St.BlockNode;
      return { type: Ev.DocumentStart };
    }
    if (t.type !== Tok.StreamEnd) {
      this.processDirectives();
      t = this.s.peek();
      if (t.type !== Tok.DocumentStart) parserError('did not find expected <document start>', t.start);
      this.states.push(St.DocumentEnd);
      this.state = St.DocumentContent;
      this.s.skipToken();
      return { type: Ev.DocumentStart };
    }
    this.state = St.End;
    this.s.skipToken();
    return { type: Ev.StreamEnd };
  }

  private documentContent(): Event {
    const t = this.s.peek();
    if (
      t.type === Tok.VersionDirective ||
      t.type === Tok.TagDirective ||
      t.type === Tok.DocumentStart ||
      t.type === Tok.DocumentEnd ||
      t.type === Tok.StreamEnd
    ) {
      this.pop();
      return this.empty();
    }
    return this.node(true, false);
  }

  private documentEnd(): Event {
    const t = this.s.peek();
    if (t.type === Tok.DocumentEnd) this.s.skipToken();
    this.tagDirectives = [];
    this.state = St.DocumentStart;
    return { type: Ev.DocumentEnd };
  }

  private node(block: boolean, indentlessSequence: boolean): Event {
    let t = this.s.peek();
    if (t.type === Tok.Alias) {
      this.pop();
      this.s.skipToken();
      return { type: Ev.Alias, anchor: t.value as string, end: t.end };
    }
    const start = t.start;
    let anchor: string | undefined;
    let tagToken: Token | undefined;
    if (t.type === Tok.Anchor) {
      anchor = t.value;
      this.s.skipToken();
      t = this.s.peek();
      if (t.type === Tok.Tag) {
        tagToken = t;
        this.s.skipToken();
        t = this.s.peek();
      }
    } else if (t.type === Tok.Tag) {
      tagToken = t;
      this.s.skipToken();
      t = this.s.peek();
      if (t.type === Tok.Anchor) {
        anchor = t.value;
        this.s.skipToken();
        t = this.s.peek();
      }
    }
    let tag = '';
    if (tagToken !== undefined) {
      const handle = tagToken.value as string;
      if (handle === '') tag = tagToken.suffix as string;
      else {
        const d = this.tagDirectives.find(([h]) => h === handle);
        if (d !== undefined) tag = d[1] + (tagToken.suffix as string);
        if (tag === '') parserError('found undefined tag handle', tagToken.start, start);
      }
    }
    if (indentlessSequence && t.type === Tok.BlockEntry) {
      this.state = St.IndentlessSequenceEntry;
      return { type: Ev.SequenceStart, anchor };
    }
    if (t.type === Tok.Scalar) {
      this.pop();
      this.s.skipToken();
      return { type: Ev.Scalar, anchor, end: t.end };
    }
    if (t.type === Tok.FlowSequenceStart) {
      this.state = St.FlowSequenceFirstEntry;
      return { type: Ev.SequenceStart, anchor };
    }
    if (t.type === Tok.FlowMappingStart) {
      this.state = St.FlowMappingFirstKey;
      return { type: Ev.MappingStart, anchor };
    }
    if (block && t.type === Tok.BlockSequenceStart) {
      this.state = St.BlockSequenceFirstEntry;
      return { type: Ev.SequenceStart, anchor };
    }
    if (block && t.type === Tok.BlockMappingStart) {
      this.state = St.BlockMappingFirstKey;
      return { type: Ev.MappingStart, anchor };
    }
    if ((anchor !== undefined && anchor !== '') || tag !== '') {
      this.pop();
      return { type: Ev.Scalar, anchor, end: t.start };
    }
    parserError('did not find expected node content', t.start, start);
  }

  /** Pushes the collection's start mark on its first entry. */
  private first(isFirst: boolean): void {
    if (!isFirst) return;
    this.marks.push(this.s.peek().start);
    this.s.skipToken();
  }

  private blockSequenceEntry(isFirst: boolean): Event {
    this.first(isFirst);
    let t = this.s.peek();
    if (t.type === Tok.BlockEntry) {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== Tok.BlockEntry && t.type !== Tok.BlockEnd) {
        this.states.push(St.BlockSequenceEntry);
        return this.node(true, false);
      }
      this.state = St.BlockSequenceEntry;
      return this.empty();
    }
    if (t.type === Tok.BlockEnd) {
      this.pop();
      this.marks.pop();
      this.s.skipToken();
      return { type: Ev.SequenceEnd, end: t.start };
    }
    parserError("did not find expected '-' indicator", t.start, this.marks.pop());
  }

  private indentlessSequenceEntry(): Event {
    let t = this.s.peek();
    if (t.type === Tok.BlockEntry) {
      this.s.skipToken();
      t = this.s.peek();
      if (
        t.type !== Tok.BlockEntry &&
        t.type !== Tok.Key &&
        t.type !== Tok.Value &&
        t.type !== Tok.BlockEnd
      ) {
        this.states.push(St.IndentlessSequenceEntry);
        return this.node(true, false);
      }
      this.state = St.IndentlessSequenceEntry;
      return this.empty();
    }
    this.pop();
    return { type: Ev.SequenceEnd };
  }

  private blockMappingKey(isFirst: boolean): Event {
    this.first(isFirst);
    let t = this.s.peek();
    if (t.type === Tok.Key) {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== Tok.Key && t.type !== Tok.Value && t.type !== Tok.BlockEnd) {
        this.states.push(St.BlockMappingValue);
        return this.node(true, true);
      }
      this.state = St.BlockMappingValue;
      return this.empty();
    }
    if (t.type === Tok.BlockEnd) {
      this.pop();
      this.marks.pop();
      this.s.skipToken();
      return { type: Ev.MappingEnd, end: t.start };
    }
    parserError('did not find expected key', t.start, this.marks.pop());
  }

  private blockMappingValue(): Event {
    let t = this.s.peek();
    if (t.type === Tok.Value) {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== Tok.Key && t.type !== Tok.Value && t.type !== Tok.BlockEnd) {
        this.states.push(St.BlockMappingKey);
        return this.node(true, true);
      }
    }
    this.state = St.BlockMappingKey;
    return this.empty();
  }

  private flowSequenceEntry(isFirst: boolean): Event {
    this.first(isFirst);
    let t = this.s.peek();
    if (t.type !== Tok.FlowSequenceEnd) {
      if (!isFirst) {
        if (t.type !== Tok.FlowEntry)
          parserError("did not find expected ',' or ']'", t.start, this.marks.pop());
        this.s.skipToken();
        t = this.s.peek();
      }
      if (t.type === Tok.Key) {
        this.state = St.FlowSequenceEntryMappingKey;
        this.s.skipToken();
        return { type: Ev.MappingStart };
      }
      if (t.type !== Tok.FlowSequenceEnd) {
        this.states.push(St.FlowSequenceEntry);
        return this.node(false, false);
      }
    }
    this.pop();
    this.marks.pop();
    this.s.skipToken();
    return { type: Ev.SequenceEnd, end: t.end };
  }

  private flowSequenceEntryMappingKey(): Event {
    const t = this.s.peek();
    if (t.type !== Tok.Value && t.type !== Tok.FlowEntry && t.type !== Tok.FlowSequenceEnd) {
      this.states.push(St.FlowSequenceEntryMappingValue);
      return this.node(false, false);
    }
    this.s.skipToken();
    this.state = St.FlowSequenceEntryMappingValue;
    return this.empty();
  }

  private flowSequenceEntryMappingValue(): Event {
    const t = this.s.peek();
    if (t.type === Tok.Value) {
      this.s.skipToken();
      const n = this.s.peek();
      if (n.type !== Tok.FlowEntry && n.type !== Tok.FlowSequenceEnd) {
        this.states.push(St.FlowSequenceEntryMappingEnd);
        return this.node(false, false);
      }
    }
    this.state = St.FlowSequenceEntryMappingEnd;
    return this.empty();
  }

  private flowMappingKey(isFirst: boolean): Event {
    this.first(isFirst);
    let t = this.s.peek();
    if (t.type !== Tok.FlowMappingEnd) {
      if (!isFirst) {
        if (t.type !== Tok.FlowEntry)
          parserError("did not find expected ',' or '}'", t.start, this.marks.pop());
        this.s.skipToken();
        t = this.s.peek();
      }
      if (t.type === Tok.Key) {
        this.s.skipToken();
        t = this.s.peek();
        if (t.type !== Tok.Value && t.type !== Tok.FlowEntry && t.type !== Tok.FlowMappingEnd) {
          this.states.push(St.FlowMappingValue);
          return this.node(false, false);
        }
        this.state = St.FlowMappingValue;
        return this.empty();
      }
      if (t.type !== Tok.FlowMappingEnd) {
        this.states.push(St.FlowMappingEmptyValue);
        return this.node(false, false);
      }
    }
    this.pop();
    this.marks.pop();
    this.s.skipToken();
    return { type: Ev.MappingEnd, end: t.end };
  }

  private flowMappingValue(empty: boolean): Event {
    let t = this.s.peek();
    if (empty) {
      this.state = St.FlowMappingKey;
      return this.empty();
    }
    if (t.type === Tok.Value) {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== Tok.FlowEntry && t.type !== Tok.FlowMappingEnd) {
        this.states.push(St.FlowMappingKey);
        return this.node(false, false);
      }
    }
    this.state = St.FlowMappingKey;
    return this.empty();
  }

  private processDirectives(): void {
    let t = this.s.peek();
    let version = false;
    const add = (handle: string, prefix: string, allowDuplicates: boolean, mark: Mark): void => {
      if (this.tagDirectives.some(([h]) => h === handle)) {
        if (allowDuplicates) return;
        parserError('found duplicate %TAG directive', mark);
      }
      this.tagDirectives.push([handle, prefix]);
    };
    while (t.type === Tok.VersionDirective || t.type === Tok.TagDirective) {
      if (t.type === Tok.VersionDirective) {
        if (version) parserError('found duplicate %YAML directive', t.start);
        if (t.major !== 1 || t.minor !== 1) parserError('found incompatible YAML document', t.start);
        version = true;
      } else {
        add(t.value as string, t.suffix as string, false, t.start);
      }
      this.s.skipToken();
      t = this.s.peek();
    }
    for (const [h, p] of DEFAULT_TAGS) add(h, p, true, t.start);
  }
}

export interface FirstDocument {
  /** go-yaml v2's error text (after `yaml: `), when the first document is not valid. */
  error?: string;
  /** The UTF-16 offset where the first document's root node ends, when text follows it. */
  rootEnd?: number;
  /** UTF-16 offsets right after anchor and alias names that touch the next character. */
  tightNames?: number[];
  /** UTF-16 offsets of `[`, `]`, `,` inside tags (see Scanner.tagFlowChars). */
  tagFlowChars?: number[];
  /**
   * The first map (`{`) or list (`[`) nested deeper than encoding/json reads (10000), which
   * fails sigs.k8s.io/yaml's JSON step; aliases are not followed.
   */
  tooDeepForJson?: '[' | '{';
  /** The deepest nesting of maps and lists (aliases not followed). */
  maxDepth?: number;
  /** The text ends in a line of spaces inside a block scalar that libyaml takes for no line. */
  spacesAtEnd?: boolean;
}

/** encoding/json's maxNestingDepth. */
const MAX_JSON_DEPTH = 10000;

/**
 * Reads the first document of a text as go-yaml v2 does: its error, or where its root node
 * ends (go-yaml reads nothing after it that could fail). Also reports an alias to an anchor
 * not defined before it, which go-yaml's decoder finds while it reads the events.
 */
export function readFirstDocument(text: string, lineRule: 'v2' | 'v3' = 'v2'): FirstDocument {
  const chars = new CodePoints(text);
  const scanner = new Scanner(chars);
  const p = new EventParser(scanner);
  const anchors = new Set<string>();
  let depth = 0;
  let maxDepth = 0;
  let rootEnd: Mark | undefined;
  let tooDeep: '[' | '{' | undefined;
  try {
    let inDoc = false;
    for (;;) {
      const e = p.next();
      if (e.anchor !== undefined && e.type !== Ev.Alias) anchors.add(e.anchor);
      switch (e.type) {
        case Ev.StreamEnd:
          return {};
        case Ev.DocumentStart:
          inDoc = true;
          break;
        case Ev.DocumentEnd:
          if (inDoc) {
            const doc: FirstDocument = {};
            if (rootEnd !== undefined) doc.rootEnd = chars.utf16(rootEnd.index);
            if (scanner.tightNames.length > 0) doc.tightNames = scanner.tightNames.map((i) => chars.utf16(i));
            if (scanner.tagFlowChars.length > 0)
              doc.tagFlowChars = scanner.tagFlowChars.map((i) => chars.utf16(i));
            if (tooDeep !== undefined) doc.tooDeepForJson = tooDeep;
            if (maxDepth > 0) doc.maxDepth = maxDepth;
            if (scanner.blockEndsInSpaces) doc.spacesAtEnd = true;
            return doc;
          }
          break;
        case Ev.Alias:
          if (!anchors.has(e.anchor as string)) return { error: `unknown anchor '${e.anchor}' referenced` };
          break;
        case Ev.SequenceStart:
        case Ev.MappingStart:
          if (++depth > maxDepth) maxDepth = depth;
          if (depth > MAX_JSON_DEPTH) tooDeep ??= e.type === Ev.SequenceStart ? '[' : '{';
          break;
        case Ev.SequenceEnd:
        case Ev.MappingEnd:
          depth--;
          break;
      }
      if (depth === 0 && inDoc) rootEnd = e.end;
    }
  } catch (err) {
    if (!(err instanceof YamlSyntaxError)) throw err;
    let line = 0;
    const scan = err.kind === 'scanner' ? 1 : 0;
    if (lineRule === 'v3') {
      // yaml.v3 (kyaml's reader) looks at the context mark first; both count scanner lines from 1.
      if (err.contextMark !== undefined && err.contextMark.line !== 0) line = err.contextMark.line + scan;
      else if (err.problemMark !== undefined && err.problemMark.line !== 0)
        line = err.problemMark.line + scan;
    } else if (err.problemMark !== undefined && err.problemMark.line !== 0)
      line = err.problemMark.line + scan;
    else if (err.contextMark !== undefined) line = err.contextMark.line;
    return { error: (line !== 0 ? `line ${line}: ` : '') + err.problem };
  }
}
