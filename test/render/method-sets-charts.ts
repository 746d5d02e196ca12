// Templates for method-sets-helm.test.ts: one template file per case, its single-line output
// placed in a YAML block scalar (`<name>: |`), so each must print one line.

export interface ChartCase {
  name: string;
  tpl: string;
  /** For ERROR_CASES: a pattern helm's error must match (the case's intent). */
  expect?: string;
}

/** KubeVersion and Capabilities printing; run with --kube-version variants and the defaults. */
export const KUBE_VERSION_CASES: readonly ChartCase[] = [
  { name: 'kv-action', tpl: '{{ .Capabilities.KubeVersion }}' },
  { name: 'kv-print', tpl: '{{ print .Capabilities.KubeVersion }}' },
  { name: 'kv-pipe-print', tpl: '{{ .Capabilities.KubeVersion | print }}' },
  { name: 'kv-printf-v', tpl: '{{ printf "%v" .Capabilities.KubeVersion }}' },
  { name: 'kv-printf-s', tpl: '{{ printf "%s" .Capabilities.KubeVersion }}' },
  { name: 'kv-printf-plus-v', tpl: '{{ printf "%+v" .Capabilities.KubeVersion }}' },
  { name: 'kv-to-string', tpl: '{{ toString .Capabilities.KubeVersion }}' },
  { name: 'kv-to-json', tpl: '{{ toJson .Capabilities.KubeVersion }}' },
  { name: 'kv-to-yaml', tpl: '{{ toYaml .Capabilities.KubeVersion | replace "\\n" ";" }}' },
  { name: 'kv-list', tpl: '{{ list .Capabilities.KubeVersion "x" }}' },
  { name: 'kv-dict', tpl: '{{ dict "kv" .Capabilities.KubeVersion }}' },
  { name: 'kv-variable', tpl: '{{ $kv := .Capabilities.KubeVersion }}{{ $kv }} {{ $kv.GitVersion }}' },
  { name: 'kv-string-method', tpl: '{{ .Capabilities.KubeVersion.String }}' },
  { name: 'kv-gitversion-method', tpl: '{{ .Capabilities.KubeVersion.GitVersion }}' },
  {
    name: 'kv-fields',
    tpl: '{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }}.{{ .Capabilities.KubeVersion.Minor }}',
  },
  { name: 'kv-with', tpl: '{{ with .Capabilities.KubeVersion }}{{ . }} {{ .String }}{{ end }}' },
  { name: 'kv-range-list', tpl: '{{ range list .Capabilities.KubeVersion }}{{ . }}{{ end }}' },
  { name: 'kv-root-var', tpl: '{{ range until 1 }}{{ $.Capabilities.KubeVersion }}{{ end }}' },
  {
    name: 'kv-template',
    tpl: '{{ define "kv.show" }}{{ . }}{{ end }}{{ template "kv.show" .Capabilities.KubeVersion }}',
  },
  {
    name: 'kv-include',
    tpl: '{{ define "kv.inc" }}{{ . }}{{ end }}{{ include "kv.inc" .Capabilities.KubeVersion }}',
  },
  { name: 'kv-tpl', tpl: '{{ tpl "{{ . }}" .Capabilities.KubeVersion }}' },
  { name: 'kv-and', tpl: '{{ and 1 .Capabilities.KubeVersion }}' },
  { name: 'kv-default', tpl: '{{ default "x" .Capabilities.KubeVersion }}' },
  { name: 'kv-quote', tpl: '{{ quote .Capabilities.KubeVersion }}' },
  {
    name: 'kv-semver',
    tpl: '{{ semverCompare ">=1.20-0" .Capabilities.KubeVersion.Version }} {{ semverCompare "<1.20" .Capabilities.KubeVersion.String }}',
  },
  { name: 'kv-type', tpl: '{{ typeOf .Capabilities.KubeVersion }} {{ kindOf .Capabilities.KubeVersion }}' },
  { name: 'caps-copy', tpl: '{{ .Capabilities.Copy.KubeVersion }} {{ typeOf .Capabilities.Copy }}' },
  {
    name: 'caps-helm-version',
    tpl: '{{ .Capabilities.HelmVersion.Version }} {{ typeOf .Capabilities.HelmVersion }}',
  },
  {
    name: 'caps-api-has',
    tpl: '{{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "example.com/v1" }}',
  },
  { name: 'caps-type', tpl: '{{ typeOf .Capabilities }} {{ typeOf .Capabilities.APIVersions }}' },
  { name: 'caps-action', tpl: '{{ .Capabilities }}' },
  { name: 'caps-print', tpl: '{{ print .Capabilities }}' },
  { name: 'caps-printf-plus-v', tpl: '{{ printf "%+v" .Capabilities.Copy }}' },
  { name: 'caps-to-json', tpl: '{{ toJson .Capabilities }}' },
  { name: 'caps-to-yaml', tpl: '{{ toYaml .Capabilities | replace "\\n" ";" }}' },
  {
    name: 'caps-helm-version-print',
    tpl: '{{ .Capabilities.HelmVersion }} {{ toJson .Capabilities.HelmVersion }}',
  },
  { name: 'caps-api-versions', tpl: '{{ .Capabilities.APIVersions }}' },
  {
    name: 'caps-tpl-top',
    tpl: '{{ tpl "{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.GitVersion }}" . }}',
  },
  {
    name: 'caps-include-top',
    tpl: '{{ define "caps.top" }}{{ .Capabilities.KubeVersion }}{{ end }}{{ include "caps.top" $ }}',
  },
  { name: 'top-yaml', tpl: '{{ .YAML | replace "\\n" ";" }}' },
];

/** .Values, .Template, .Files, .Chart, .Release and .Subcharts. */
export const OBJECT_CASES: readonly ChartCase[] = [
  { name: 'values-table', tpl: '{{ .Values.Table "sub" }} {{ typeOf (.Values.Table "sub.deep") }}' },
  { name: 'values-yaml', tpl: '{{ .Values.YAML | replace "\\n" ";" }}' },
  { name: 'values-asmap', tpl: '{{ .Values.AsMap.Table }} {{ typeOf .Values.AsMap }}' },
  { name: 'values-pathvalue', tpl: '{{ .Values.PathValue "sub.deep.z" }} {{ .Values.PathValue "YAML" }}' },
  {
    name: 'values-index',
    tpl: '{{ index .Values "Table" }} {{ index .Values "YAML" }} {{ index .Values "AsMap" }}',
  },
  { name: 'values-nested', tpl: '{{ typeOf .Values.sub }} [{{ .Values.sub.YAML }}]' },
  { name: 'values-child-table', tpl: '{{ .Values.child }} {{ typeOf .Values.child }}' },
  { name: 'values-deepcopy', tpl: '{{ (deepCopy .Values).Table "sub" }}' },
  { name: 'top-type', tpl: '{{ typeOf . }} {{ typeOf $ }} {{ (.Table "Values.sub").PathValue "x" }}' },
  { name: 'top-asmap', tpl: '{{ keys .AsMap | sortAlpha }}' },
  { name: 'template-values', tpl: '{{ typeOf .Template }} {{ .Template.YAML | replace "\\n" ";" }}' },
  { name: 'template-name', tpl: '{{ .Template.Name }} {{ .Template.BasePath }}' },
  { name: 'files-type', tpl: '{{ typeOf .Files }} {{ typeOf (.Files.Glob "files/*") }}' },
  { name: 'files-get', tpl: '{{ .Files.Get "files/a.txt" | replace "\\n" ";" }}' },
  { name: 'files-get-named-get', tpl: '{{ .Files.Get "Get" | trim }} {{ index .Files "Get" | len }}' },
  { name: 'files-getbytes', tpl: '{{ .Files.GetBytes "files/b.conf" }} {{ typeOf (.Files.GetBytes "x") }}' },
  { name: 'files-lines', tpl: '{{ .Files.Lines "files/a.txt" }} {{ typeOf (.Files.Lines "files/a.txt") }}' },
  { name: 'files-glob-asconfig', tpl: '{{ (.Files.Glob "files/*").AsConfig | replace "\\n" ";" }}' },
  { name: 'files-glob-assecrets', tpl: '{{ (.Files.Glob "files/*.conf").AsSecrets | replace "\\n" ";" }}' },
  { name: 'files-print', tpl: '{{ .Files.Glob "files/*.conf" }} {{ print (.Files.Glob "files/*.conf") }}' },
  { name: 'files-to-json', tpl: '{{ toJson (.Files.Glob "files/*.conf") }}' },
  { name: 'template-print', tpl: '{{ .Template }} {{ toJson .Template }}' },
  { name: 'files-key', tpl: '{{ .Files.nothing }}|{{ typeOf (index .Files "files/b.conf") }}' },
  {
    name: 'chart-map',
    tpl: '{{ typeOf .Chart }} {{ .Chart.Name }} {{ .Chart.AppVersion }} {{ .Chart.IsRoot }}',
  },
  { name: 'chart-no-methods', tpl: '[{{ .Chart.Validate }}] {{ typeOf (index .Chart.Maintainers 0) }}' },
  { name: 'release-map', tpl: '{{ typeOf .Release }} {{ .Release.Name }} [{{ .Release.YAML }}]' },
  {
    name: 'subcharts-map',
    tpl: '{{ typeOf .Subcharts.child }} {{ typeOf .Subcharts.child.Values }} [{{ .Subcharts.child.YAML }}]',
  },
  {
    name: 'subcharts-values',
    tpl: '{{ .Subcharts.child.Values.AsMap.own }} {{ .Subcharts.child.Template.Name }}',
  },
  { name: 'subcharts-chart', tpl: '{{ .Subcharts.child.Chart.Name }} {{ .Subcharts.child.Chart.IsRoot }}' },
];

/** Each fails the render; helm's message must match `expect`. */
export const ERROR_CASES: readonly ChartCase[] = [
  { name: 'values-table-no-arg', tpl: '{{ .Values.Table }}', expect: 'wrong number of args for Table' },
  { name: 'values-table-missing', tpl: '{{ .Values.Table "nope" }}', expect: 'is not a table' },
  { name: 'values-encode-nil', tpl: '{{ .Values.Encode nil }}', expect: 'nil pointer dereference' },
  {
    name: 'kv-unexported',
    tpl: '{{ .Capabilities.KubeVersion.normalizedVersion }}',
    expect: 'unexported field',
  },
  {
    name: 'kv-copy-no-string',
    tpl: '{{ (first (list .Capabilities.KubeVersion)).String }}',
    expect: "can't evaluate field String",
  },
  { name: 'files-get-no-arg', tpl: '{{ .Files.Get }}', expect: 'wrong number of args for Get' },
  { name: 'values-pathvalue-table', tpl: '{{ .Values.PathValue "sub" }}', expect: 'is not a value' },
];
