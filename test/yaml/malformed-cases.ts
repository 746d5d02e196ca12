// Rendered manifests that are not valid YAML, by family: the mistakes templates make (a value
// printed into a block scalar without indentation, an unclosed flow or quote, TABs, wrong
// indentation). Each is read by go-yaml v2 (through sigs.k8s.io/yaml) and by Rudder; the error
// text, line number included, must be the same.

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

/** [family, text] pairs. */
export const malformedCases: [string, string][] = [];

function add(family: string, ...texts: string[]): void {
  for (const t of texts) malformedCases.push([family, t]);
}

// A multi-line value printed inside a `|` block without indenting its later lines.
add(
  'block scalar ended early',
  `${HEAD}data:\n  script: |\n    #!/bin/sh\n    echo one\necho two\n    echo three\n`,
  `${HEAD}data:\n  script: |\n    line one\nline two\n`,
  `${HEAD}data:\n  script: |\n    line one\n  line two\n  other: x\n`,
  `${HEAD}data:\n  script: |\n    line one\n  line two\n`,
  `${HEAD}data:\n  script: |-\n    first\n   second\n`,
  `${HEAD}data:\n  a: |\n    x\n y: 2\n`,
  `${HEAD}data:\n  conf: |\n    [section]\n    key = value\n[other]\n    k = v\n`,
  `${HEAD}data:\n  conf: |\n    server {\n      listen 80;\n    }\n  }\n`,
  `${HEAD}data:\n  conf: |\n    a=1\n   b=2\n    c=3\n`,
  `${HEAD}data:\n  conf: >\n    folded\n  text: here\n  more\n`,
  `${HEAD}data:\n  conf: |\n    one\n\n  two\n`,
  `${HEAD}data:\n  conf: |\n    one\n  - two\n`,
  `${HEAD}data:\n  conf: |\n    one\n  # comment\n  two\n`,
  `${HEAD}data:\n  conf: |\n    {\n  "a": 1\n    }\n`,
  `${HEAD}data:\n  conf: |\n    key: value\n  nested: value: x\n`,
  `${HEAD}data:\n  script: |\n    echo "a"\necho "b: c"\n`,
  `${HEAD}data:\n  script: |\n    echo a\n\techo b\n`,
  `${HEAD}data:\n  script: |\n    echo a\n    \techo b\n  bad line\n`,
  `${HEAD}data:\n  cert: |\n    -----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n`,
  `${HEAD}data:\n  cert: |\n    -----BEGIN CERTIFICATE-----\n  MIIB\n    -----END CERTIFICATE-----\n`,
  `${HEAD}data:\n  a: |2\n     x\n   y\n`,
  `${HEAD}data:\n  a: |\n      deep\n    shallower\n  z\n`,
  `${HEAD}spec:\n  containers:\n    - name: c\n      args:\n        - |\n          one\n        two\n`,
  `${HEAD}spec:\n  containers:\n    - name: c\n      command: |\n        run\n    - x\n   y\n`,
  `${HEAD}data:\n  a: |\n    x\n  b: |\n    y\n z\n`,
  `data:\n  a: |\n    x\nfoo\n`,
  `a: |\n  x\n y\n`,
  `a: |\n  x\n\ty\n`,
);

add(
  'plain multi-line scalars',
  `${HEAD}data:\n  a: one\n  two\n`,
  `${HEAD}data:\n  a: one\n    two\n  three: x: y\n`,
  `${HEAD}data:\n  a: one\n two\n`,
  `${HEAD}data:\n  a: one\ntwo\n`,
  `${HEAD}data:\n  a: one two\n  three four\n  b: 1\n`,
  `${HEAD}data:\n  a: line one\n    line two: colon\n`,
  `${HEAD}data:\n  a:\n    one\n  two\n`,
  `${HEAD}data:\n  a:\n    one\n   two: 3\n`,
  `${HEAD}spec:\n  - a\n  b\n`,
  `${HEAD}spec:\n  - a\n    b\n  c\n`,
  `${HEAD}description: this is\na long text\n`,
  `key\nother: 1\n`,
  `a b c\n`,
  `a: b\nc\n`,
  `a: b\n\nc\n\nd: e\n`,
);

add(
  'flow collections left open',
  `${HEAD}data:\n  a: [1, 2\n  b: 3\n`,
  `${HEAD}data:\n  a: {x: 1\n  b: 3\n`,
  `${HEAD}data:\n  a: [1, 2\n`,
  `${HEAD}data:\n  a: {x: 1, y: 2\n`,
  `${HEAD}data:\n  a: [1, [2, 3]\n`,
  `${HEAD}data:\n  a: [\n`,
  `${HEAD}data:\n  a: {\n`,
  `${HEAD}data:\n  a: [1,\n`,
  `${HEAD}data:\n  a: {x: 1,\n`,
  `${HEAD}data:\n  a: [1, 2]]\n`,
  `${HEAD}data:\n  a: {x: 1}}\n`,
  `${HEAD}data:\n  a: [1, 2}\n`,
  `${HEAD}data:\n  a: {x: 1]\n`,
  `${HEAD}data:\n  a: [a b: c]\n`,
  `${HEAD}data:\n  a: {x: 1 y: 2}\n`,
  `${HEAD}spec:\n  ports: [{port: 80, name: http}\n  selector:\n    app: x\n`,
  `${HEAD}data:\n  a: [1, 2\n\n# comment\n`,
  `[1, 2\n`,
  `{a: 1\n`,
);

add(
  'tabs as indentation',
  `${HEAD}data:\n\ta: 1\n`,
  `${HEAD}data:\n  a: 1\n\tb: 2\n`,
  `${HEAD}data:\n \ta: 1\n`,
  `${HEAD}spec:\n  containers:\n\t- name: c\n`,
  `${HEAD}data:\n  a: one\n\ttwo\n`,
  `${HEAD}data:\n  a:\n\t- 1\n`,
  `\tkind: ConfigMap\n`,
  `a:\n\tb\n`,
  `a: 1\n\t\nb: 2\n`,
  `a:\n  b: 1\n  \tc: 2\n`,
);

add(
  'unterminated quotes',
  `${HEAD}data:\n  a: "unclosed\n  b: 2\n`,
  `${HEAD}data:\n  a: 'unclosed\n  b: 2\n`,
  `${HEAD}data:\n  a: "unclosed\n`,
  `${HEAD}data:\n  a: 'it's here'\n`,
  `${HEAD}data:\n  a: "quoted" trailing\n`,
  `${HEAD}data:\n  a: 'quoted' trailing\n`,
  `${HEAD}data:\n  a: "bad \\q escape"\n`,
  `${HEAD}data:\n  "a: 1\n`,
  `${HEAD}data:\n  a: "multi\nline\n  b: 2"\n`,
  `${HEAD}data:\n  a: "x"y: 1\n`,
  `${HEAD}metadata:\n  annotations:\n    a: "{"key": "v"}"\n`,
);

add(
  'bad indentation of mappings',
  `${HEAD}data:\n  a: 1\n   b: 2\n`,
  `${HEAD}data:\n  a: 1\n b: 2\n`,
  `${HEAD}data:\n    a: 1\n  b: 2\n`,
  `${HEAD}  labels:\n    app: x\n`,
  `${HEAD}   labels:\n    app: x\n`,
  ` apiVersion: v1\nkind: ConfigMap\n`,
  `apiVersion: v1\n kind: ConfigMap\n`,
  `${HEAD}data:\n  a: b: c\n`,
  `${HEAD}data:\n  a: 1\n  : 2\n`,
  `${HEAD}data:\n  a:1\n  b: 2\n  c\n`,
  `${HEAD}metadata:\n  labels:\n    app: x\n      tier: y\n`,
  `${HEAD}metadata:\n  labels:\n    app: x\n  tier: y\n   more: z\n`,
  `${HEAD}data:\n  key with spaces\n  b: 1\n`,
);

add(
  'bad indentation of sequences',
  `${HEAD}spec:\n  - a\n   - b\n`,
  `${HEAD}spec:\n  - a\n - b\n`,
  `${HEAD}spec:\n  items:\n  - a\n    - b\n`,
  `${HEAD}spec:\n  - a\n  b: 1\n`,
  `${HEAD}spec:\n  a: 1\n  - b\n`,
  `${HEAD}spec:\n  containers:\n    - name: a\n      image: x\n     ports: []\n`,
  `${HEAD}spec:\n  containers:\n    - name: a\n    image: x\n`,
  `${HEAD}spec:\n  containers:\n    - name: a\n        image: x\n`,
  `${HEAD}spec:\n  containers:\n  - name: a\n    env:\n    - name: X\n      value: 1\n     - name: Y\n`,
  `${HEAD}spec:\n  - - a\n   - b\n`,
  `${HEAD}spec: - a\n`,
  `${HEAD}spec:\n  -\n -\n`,
  `- a\nb: 1\n`,
);

add(
  'duplicate keys',
  `${HEAD}data:\n  a: 1\n  a: 2\n`,
  `${HEAD}metadata:\n  name: y\n`,
  `${HEAD}data:\n  a: 1\n  a:\n    b: 2\n`,
  `a: 1\na: 2\n b: 3\n`,
);

add(
  'comments',
  `${HEAD}data:\n  a: 1 # ok\n  # fine\n   b: 2\n`,
  `${HEAD}data:\n  a: 1#not a comment\n  b: 2 #c\n c: 3\n`,
  `# leading\n# comments\n${HEAD}data:\n  a: [1, 2 # open\n`,
  `${HEAD}data:\n  # c\n# c\n    # c\n  a: b: c\n`,
  `${HEAD}data:\n  a: "x"# c\n`,
  `${HEAD}data: |\n  # inside block\nnot: indented: here\n`,
  `#only comments\n  #indented\n\ta: 1\n`,
);

add(
  'other tokens',
  `${HEAD}data:\n  a: @value\n`,
  `${HEAD}data:\n  a: \`cmd\`\n`,
  `${HEAD}data:\n  a: *missing\n`,
  `${HEAD}data:\n  a: &\n`,
  `${HEAD}data:\n  a: !!int x\n`,
  `${HEAD}data:\n  a: %x\n`,
  `${HEAD}data:\n  ? a\n  : b\n  ? c\n : d\n`,
  `${HEAD}data:\n  a: |x\n    y\n`,
  `${HEAD}data:\n  a: >+-\n    y\n`,
  `${HEAD}...\nfoo: bar\n`,
  `${HEAD}data:\n  a: b\n---\nnext\n  : bad\n`,
);

// go-yaml reads the first document only: what follows its end is never scanned.
add(
  'documents',
  `${HEAD}data:\n  a: 1\n---\n${HEAD}data:\n  a: [1\n`,
  `---\n${HEAD}data:\n  a: 1\n   b: 2\n---\nc: 3\n`,
  `${HEAD}data:\n  a: 1\n...\n  b: [\n`,
  `${HEAD}data:\n  a: "x\n---\nb: 2\n`,
  `${HEAD}data:\n  a: |\n    x\n---\n  y: [\n`,
  `# only a comment\n---\n${HEAD}data:\n  a: b: c\n`,
  `--- |\n  text\n    more\n  less\n`,
  `--- a: 1\n`,
  `--- [1, 2\n---\n`,
  `%YAML 1.1\n---\na: [\n`,
  `%YAML 1.2\n---\na: 1\n`,
  `%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\nb: !f!y 2\n`,
  `a: 1\n--- \nb: {\n`,
  `  a: 1\nb: [\n`,
  `[1, 2]\nb: {\n`,
  `"root"\n  b: [\n`,
);

// The same mistakes inside lists of containers, as Deployments render them.
const POD = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n`;
add(
  'deployment',
  `${POD}          env:\n            - name: A\n              value: |\n                line1\n              line2\n`,
  `${POD}          args:\n            - --config\n            - |\n              k: v\n            k2: v2\n`,
  `${POD}          command: ["sh", "-c", "echo \\"hi\\"]\n          image: x\n`,
  `${POD}          image: x\n         ports:\n            - containerPort: 80\n`,
  `${POD}          resources:\n            limits: {cpu: 1, memory: 1Gi\n          image: x\n`,
  `${POD}          env:\n            - name: A\n              value: "a\n            - name: B\n`,
  `${POD}          livenessProbe:\n            exec:\n              command:\n              - cat\n               - /tmp/x\n`,
  `${POD}          annotations:\n            checksum/config: abc\n          checksum/secret: def\n            other: x\n`,
  `${POD}      volumes:\n        - name: v\n          configMap:\n            name: c\n      - name: w\n`,
  `${POD}          env:\n\t\t- name: A\n`,
);

// The reader decodes 512-byte chunks: a control character fails only once its chunk is needed.
const LONG_COMMENT = `# ${'x'.repeat(600)}\n`;
add(
  'control characters',
  `a: 1\n---\n${LONG_COMMENT}b: \u0001\n`,
  `a: [\n${LONG_COMMENT}b: \u0001\n`,
  `${HEAD}data:\n  a: \u0001\n`,
  `a: 1\n${LONG_COMMENT}b: \u0001\n`,
  `a: b: c\n${LONG_COMMENT}\u0001`,
  `${LONG_COMMENT}a: b: c\n\u0001`,
  `\ufeffa: 1\n\u001b`,
  `k: ${'é'.repeat(300)}\n  x: 1\n\u0007`,
  `${HEAD}data:\n  a: "\u001b[31mred"\n`,
);

// go-yaml's depth limits (10000 flow levels, 10000 indentation levels).
add(
  'nesting limits',
  '['.repeat(10001),
  `a:\n  ${'['.repeat(10001)}`,
  '{a: '.repeat(10001),
  `${'- '.repeat(10002)}x`,
);
