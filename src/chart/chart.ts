// The chart model: what Helm's loader produces from a directory or an archive.
import type { GoMap } from '../go/value.js';

/** A file of a chart, path relative to the chart root with `/` separators. */
export interface ChartFile {
  name: string;
  data: Uint8Array;
}

export interface Maintainer {
  name?: string;
  email?: string;
  url?: string;
}

/** One entry of Chart.yaml `dependencies` (or requirements.yaml for apiVersion v1). */
export interface Dependency {
  name: string;
  version?: string;
  repository: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  'import-values'?: unknown[];
  alias?: string;
}

/** Chart.yaml, with the JSON field names Helm uses. */
export interface Metadata {
  name: string;
  home?: string;
  sources?: string[];
  version: string;
  description?: string;
  keywords?: string[];
  maintainers?: Maintainer[];
  icon?: string;
  apiVersion: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: Dependency[];
  type?: string;
}

export interface Lock {
  generated: string;
  digest: string;
  dependencies: Dependency[];
}

export class Chart {
  metadata: Metadata;
  lock?: Lock;
  /** templates/…, in load order. */
  templates: ChartFile[] = [];
  /** values.yaml, documents merged (Helm 4). */
  values: GoMap;
  schema?: Uint8Array;
  /** Every other file (after .helmignore), for .Files. */
  files: ChartFile[] = [];
  /** Every loaded file, as read. */
  raw: ChartFile[] = [];
  parent?: Chart;
  dependencies: Chart[] = [];

  constructor(metadata: Metadata, values: GoMap) {
    this.metadata = metadata;
    this.values = values;
  }

  get name(): string {
    return this.metadata.name;
  }

  isRoot(): boolean {
    return this.parent === undefined;
  }

  isLibrary(): boolean {
    return this.metadata.type === 'library';
  }

  addDependency(...charts: Chart[]): void {
    for (const c of charts) {
      c.parent = this;
      this.dependencies.push(c);
    }
  }

  setDependencies(charts: Chart[]): void {
    this.dependencies = [];
    this.addDependency(...charts);
  }

  /** `parent/charts/child/…` as Helm names template paths. */
  fullPath(): string {
    return this.parent ? `${this.parent.fullPath()}/charts/${this.name}` : this.name;
  }

  /** The root chart's name chain, as the values path of a subchart. */
  chartPath(): string {
    return this.parent ? `${this.parent.chartPath()}.${this.name}` : this.name;
  }

  root(): Chart {
    return this.parent ? this.parent.root() : this;
  }

  /** Copies everything but the parent link (aliases rename a copy). */
  clone(): Chart {
    const c = new Chart({ ...this.metadata }, this.values);
    c.lock = this.lock;
    c.templates = this.templates;
    c.schema = this.schema;
    c.files = this.files;
    c.raw = this.raw;
    c.setDependencies(this.dependencies.map((d) => d.clone()));
    return c;
  }
}
