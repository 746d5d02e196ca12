// Parse trees as plain data, for deepStrictEqual across the parser and the parse cache's reader.

/**
 * A tree's nodes as plain data: a list node keeps only its position and nodes, so bodies kept
 * apart (read through a getter when the cache decodes them lazily) compare as parsed ones.
 */
export const plainTree = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(plainTree);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if (o.type === 'list') return { type: 'list', pos: o.pos, nodes: plainTree(o.nodes) };
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plainTree(x)]));
};
