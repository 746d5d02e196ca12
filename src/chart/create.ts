// `helm create`: the default chart scaffold (byte for byte what Helm 4.3.2 writes, with the chart
// name substituted for <CHARTNAME>) or a copy of a starter chart with the name replaced.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Chart, Metadata } from './chart.js';
import { loadChartV2 } from './loader.js';
import { directoryTimes } from './package.js';
import {
  NO_TIMES,
  archiveFileName,
  marshalChartfile,
  saveChartArchive,
  subchartDirs,
  type TimeSource,
} from './save.js';

const CHART_NAME = /^[a-zA-Z0-9._-]+$/;
const MAX_CHART_NAME_LENGTH = 250;
const PLACEHOLDER = '<CHARTNAME>';

/** The scaffold's files in the order Helm writes them; `<CHARTNAME>` is replaced by the name. */
const SCAFFOLD: ReadonlyArray<readonly [string, string]> = [
  [
    'Chart.yaml',
    [
      'apiVersion: v2',
      'name: <CHARTNAME>',
      'description: A Helm chart for Kubernetes',
      '',
      "# A chart can be either an 'application' or a 'library' chart.",
      '#',
      '# Application charts are a collection of templates that can be packaged into versioned archives',
      '# to be deployed.',
      '#',
      "# Library charts provide useful utilities or functions for the chart developer. They're included as",
      '# a dependency of application charts to inject those utilities and functions into the rendering',
      '# pipeline. Library charts do not define any templates and therefore cannot be deployed.',
      'type: application',
      '',
      '# This is the chart version. This version number should be incremented each time you make changes',
      '# to the chart and its templates, including the app version.',
      '# Versions are expected to follow Semantic Versioning (https://semver.org/)',
      'version: 0.1.0',
      '',
      '# This is the version number of the application being deployed. This version number should be',
      '# incremented each time you make changes to the application. Versions are not expected to',
      '# follow Semantic Versioning. They should reflect the version the application is using.',
      '# It is recommended to use it with quotes.',
      'appVersion: "1.16.0"',
      '',
    ].join('\n'),
  ],
  [
    'values.yaml',
    [
      '# Default values for <CHARTNAME>.',
      '# This is a YAML-formatted file.',
      '# Declare variables to be passed into your templates.',
      '',
      '# This will set the replicaset count more information can be found here: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/',
      'replicaCount: 1',
      '',
      '# This sets the container image more information can be found here: https://kubernetes.io/docs/concepts/containers/images/',
      'image:',
      '  repository: nginx',
      '  # This sets the pull policy for images.',
      '  pullPolicy: IfNotPresent',
      '  # Overrides the image tag whose default is the chart appVersion.',
      '  tag: ""',
      '',
      '# This is for the secrets for pulling an image from a private repository more information can be found here: https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/',
      'imagePullSecrets: []',
      '# This is to override the chart name.',
      'nameOverride: ""',
      'fullnameOverride: ""',
      '',
      '# This section builds out the service account more information can be found here: https://kubernetes.io/docs/concepts/security/service-accounts/',
      'serviceAccount:',
      '  # Specifies whether a service account should be created.',
      '  create: true',
      "  # Automatically mount a ServiceAccount's API credentials?",
      '  automount: true',
      '  # Annotations to add to the service account.',
      '  annotations: {}',
      '  # The name of the service account to use.',
      '  # If not set and create is true, a name is generated using the fullname template.',
      '  name: ""',
      '',
      '# This is for setting Kubernetes Annotations to a Pod.',
      '# For more information checkout: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/',
      'podAnnotations: {}',
      '# This is for setting Kubernetes Labels to a Pod.',
      '# For more information checkout: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/',
      'podLabels: {}',
      '',
      'podSecurityContext: {}',
      '  # fsGroup: 2000',
      '',
      'securityContext: {}',
      '  # capabilities:',
      '  #   drop:',
      '  #   - ALL',
      '  # readOnlyRootFilesystem: true',
      '  # runAsNonRoot: true',
      '  # runAsUser: 1000',
      '',
      '# This is for setting up a service more information can be found here: https://kubernetes.io/docs/concepts/services-networking/service/',
      'service:',
      '  # This sets the service type more information can be found here: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
      '  type: ClusterIP',
      '  # This sets the ports more information can be found here: https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports',
      '  port: 80',
      '',
      '# This block is for setting up the ingress for more information can be found here: https://kubernetes.io/docs/concepts/services-networking/ingress/',
      'ingress:',
      '  enabled: false',
      '  className: ""',
      '  annotations: {}',
      '    # kubernetes.io/ingress.class: nginx',
      '    # kubernetes.io/tls-acme: "true"',
      '  hosts:',
      '    - host: chart-example.local',
      '      paths:',
      '        - path: /',
      '          pathType: ImplementationSpecific',
      '  tls: []',
      '    # - secretName: chart-example-tls',
      '    #   hosts:',
      '    #     - chart-example.local',
      '',
      '# -- Expose the service via gateway-api HTTPRoute',
      '# Requires Gateway API resources and suitable controller installed within the cluster',
      '# (see: https://gateway-api.sigs.k8s.io/guides/)',
      'httpRoute:',
      '  # HTTPRoute enabled.',
      '  enabled: false',
      '  # HTTPRoute annotations.',
      '  annotations: {}',
      '  # Which Gateways this Route is attached to.',
      '  parentRefs:',
      '  - name: gateway',
      '    sectionName: http',
      '    # namespace: default',
      '  # Hostnames matching HTTP header.',
      '  hostnames:',
      '  - chart-example.local',
      '  # List of rules and filters applied.',
      '  rules:',
      '  - matches:',
      '    - path:',
      '        type: PathPrefix',
      '        value: /headers',
      '  #   filters:',
      '  #   - type: RequestHeaderModifier',
      '  #     requestHeaderModifier:',
      '  #       set:',
      '  #       - name: My-Overwrite-Header',
      '  #         value: this-is-the-only-value',
      '  #       remove:',
      '  #       - User-Agent',
      '  # - matches:',
      '  #   - path:',
      '  #       type: PathPrefix',
      '  #       value: /echo',
      '  #     headers:',
      '  #     - name: version',
      '  #       value: v2',
      '',
      'resources: {}',
      '  # We usually recommend not to specify default resources and to leave this as a conscious',
      '  # choice for the user. This also increases chances charts run on environments with little',
      '  # resources, such as Minikube. If you do want to specify resources, uncomment the following',
      "  # lines, adjust them as necessary, and remove the curly braces after 'resources:'.",
      '  # limits:',
      '  #   cpu: 100m',
      '  #   memory: 128Mi',
      '  # requests:',
      '  #   cpu: 100m',
      '  #   memory: 128Mi',
      '',
      '# This is to setup the liveness and readiness probes more information can be found here: https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
      'livenessProbe:',
      '  httpGet:',
      '    path: /',
      '    port: http',
      'readinessProbe:',
      '  httpGet:',
      '    path: /',
      '    port: http',
      '',
      '# This section is for setting up autoscaling more information can be found here: https://kubernetes.io/docs/concepts/workloads/autoscaling/',
      'autoscaling:',
      '  enabled: false',
      '  minReplicas: 1',
      '  maxReplicas: 100',
      '  targetCPUUtilizationPercentage: 80',
      '  # targetMemoryUtilizationPercentage: 80',
      '',
      '# Additional volumes on the output Deployment definition.',
      'volumes: []',
      '  # - name: foo',
      '  #   secret:',
      '  #     secretName: mysecret',
      '  #     optional: false',
      '',
      '# Additional volumeMounts on the output Deployment definition.',
      'volumeMounts: []',
      '  # - name: foo',
      '  #   mountPath: "/etc/foo"',
      '  #   readOnly: true',
      '',
      'nodeSelector: {}',
      '',
      'tolerations: []',
      '',
      'affinity: {}',
      '',
    ].join('\n'),
  ],
  [
    '.helmignore',
    [
      '# Patterns to ignore when building packages.',
      '# This supports shell glob matching, relative path matching, and',
      '# negation (prefixed with !). Only one pattern per line.',
      '.DS_Store',
      '# Common VCS dirs',
      '.git/',
      '.gitignore',
      '.bzr/',
      '.bzrignore',
      '.hg/',
      '.hgignore',
      '.svn/',
      '# Common backup files',
      '*.swp',
      '*.bak',
      '*.tmp',
      '*.orig',
      '*~',
      '# Various IDEs',
      '.project',
      '.idea/',
      '*.tmproj',
      '.vscode/',
      '',
    ].join('\n'),
  ],
  [
    'templates/ingress.yaml',
    [
      '{{- if .Values.ingress.enabled -}}',
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata:',
      '  name: {{ include "<CHARTNAME>.fullname" . }}',
      '  labels:',
      '    {{- include "<CHARTNAME>.labels" . | nindent 4 }}',
      '  {{- with .Values.ingress.annotations }}',
      '  annotations:',
      '    {{- toYaml . | nindent 4 }}',
      '  {{- end }}',
      'spec:',
      '  {{- with .Values.ingress.className }}',
      '  ingressClassName: {{ . }}',
      '  {{- end }}',
      '  {{- if .Values.ingress.tls }}',
      '  tls:',
      '    {{- range .Values.ingress.tls }}',
      '    - hosts:',
      '        {{- range .hosts }}',
      '        - {{ . | quote }}',
      '        {{- end }}',
      '      secretName: {{ .secretName }}',
      '    {{- end }}',
      '  {{- end }}',
      '  rules:',
      '    {{- range .Values.ingress.hosts }}',
      '    - host: {{ .host | quote }}',
      '      http:',
      '        paths:',
      '          {{- range .paths }}',
      '          - path: {{ .path }}',
      '            {{- with .pathType }}',
      '            pathType: {{ . }}',
      '            {{- end }}',
      '            backend:',
      '              service:',
      '                name: {{ include "<CHARTNAME>.fullname" $ }}',
      '                port:',
      '                  number: {{ $.Values.service.port }}',
      '          {{- end }}',
      '    {{- end }}',
      '{{- end }}',
      '',
    ].join('\n'),
  ],
  [
    'templates/httproute.yaml',
    [
      '{{- if .Values.httpRoute.enabled -}}',
      '{{- $fullName := include "<CHARTNAME>.fullname" . -}}',
      '{{- $svcPort := .Values.service.port -}}',
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata:',
      '  name: {{ $fullName }}',
      '  labels:',
      '    {{- include "<CHARTNAME>.labels" . | nindent 4 }}',
      '  {{- with .Values.httpRoute.annotations }}',
      '  annotations:',
      '    {{- toYaml . | nindent 4 }}',
      '  {{- end }}',
      'spec:',
      '  parentRefs:',
      '    {{- with .Values.httpRoute.parentRefs }}',
      '      {{- toYaml . | nindent 4 }}',
      '    {{- end }}',
      '  {{- with .Values.httpRoute.hostnames }}',
      '  hostnames:',
      '    {{- toYaml . | nindent 4 }}',
      '  {{- end }}',
      '  rules:',
      '    {{- range .Values.httpRoute.rules }}',
      '    {{- with .matches }}',
      '    - matches:',
      '      {{- toYaml . | nindent 8 }}',
      '    {{- end }}',
      '    {{- with .filters }}',
      '      filters:',
      '      {{- toYaml . | nindent 8 }}',
      '    {{- end }}',
      '      backendRefs:',
      '        - name: {{ $fullName }}',
      '          port: {{ $svcPort }}',
      '          weight: 1',
      '    {{- end }}',
      '{{- end }}',
      '',
    ].join('\n'),
  ],
  [
    'templates/deployment.yaml',
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "<CHARTNAME>.fullname" . }}',
      '  labels:',
      '    {{- include "<CHARTNAME>.labels" . | nindent 4 }}',
      'spec:',
      '  {{- if not .Values.autoscaling.enabled }}',
      '  replicas: {{ .Values.replicaCount }}',
      '  {{- end }}',
      '  selector:',
      '    matchLabels:',
      '      {{- include "<CHARTNAME>.selectorLabels" . | nindent 6 }}',
      '  template:',
      '    metadata:',
      '      {{- with .Values.podAnnotations }}',
      '      annotations:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '      labels:',
      '        {{- include "<CHARTNAME>.labels" . | nindent 8 }}',
      '        {{- with .Values.podLabels }}',
      '        {{- toYaml . | nindent 8 }}',
      '        {{- end }}',
      '    spec:',
      '      {{- with .Values.imagePullSecrets }}',
      '      imagePullSecrets:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '      serviceAccountName: {{ include "<CHARTNAME>.serviceAccountName" . }}',
      '      {{- with .Values.podSecurityContext }}',
      '      securityContext:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '      containers:',
      '        - name: {{ .Chart.Name }}',
      '          {{- with .Values.securityContext }}',
      '          securityContext:',
      '            {{- toYaml . | nindent 12 }}',
      '          {{- end }}',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      '          imagePullPolicy: {{ .Values.image.pullPolicy }}',
      '          ports:',
      '            - name: http',
      '              containerPort: {{ .Values.service.port }}',
      '              protocol: TCP',
      '          {{- with .Values.livenessProbe }}',
      '          livenessProbe:',
      '            {{- toYaml . | nindent 12 }}',
      '          {{- end }}',
      '          {{- with .Values.readinessProbe }}',
      '          readinessProbe:',
      '            {{- toYaml . | nindent 12 }}',
      '          {{- end }}',
      '          {{- with .Values.resources }}',
      '          resources:',
      '            {{- toYaml . | nindent 12 }}',
      '          {{- end }}',
      '          {{- with .Values.volumeMounts }}',
      '          volumeMounts:',
      '            {{- toYaml . | nindent 12 }}',
      '          {{- end }}',
      '      {{- with .Values.volumes }}',
      '      volumes:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '      {{- with .Values.nodeSelector }}',
      '      nodeSelector:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '      {{- with .Values.affinity }}',
      '      affinity:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '      {{- with .Values.tolerations }}',
      '      tolerations:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '',
    ].join('\n'),
  ],
  [
    'templates/service.yaml',
    [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: {{ include "<CHARTNAME>.fullname" . }}',
      '  labels:',
      '    {{- include "<CHARTNAME>.labels" . | nindent 4 }}',
      'spec:',
      '  type: {{ .Values.service.type }}',
      '  ports:',
      '    - port: {{ .Values.service.port }}',
      '      targetPort: http',
      '      protocol: TCP',
      '      name: http',
      '  selector:',
      '    {{- include "<CHARTNAME>.selectorLabels" . | nindent 4 }}',
      '',
    ].join('\n'),
  ],
  [
    'templates/serviceaccount.yaml',
    [
      '{{- if .Values.serviceAccount.create -}}',
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      '  name: {{ include "<CHARTNAME>.serviceAccountName" . }}',
      '  labels:',
      '    {{- include "<CHARTNAME>.labels" . | nindent 4 }}',
      '  {{- with .Values.serviceAccount.annotations }}',
      '  annotations:',
      '    {{- toYaml . | nindent 4 }}',
      '  {{- end }}',
      'automountServiceAccountToken: {{ .Values.serviceAccount.automount }}',
      '{{- end }}',
      '',
    ].join('\n'),
  ],
  [
    'templates/hpa.yaml',
    [
      '{{- if .Values.autoscaling.enabled }}',
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata:',
      '  name: {{ include "<CHARTNAME>.fullname" . }}',
      '  labels:',
      '    {{- include "<CHARTNAME>.labels" . | nindent 4 }}',
      'spec:',
      '  scaleTargetRef:',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      '    name: {{ include "<CHARTNAME>.fullname" . }}',
      '  minReplicas: {{ .Values.autoscaling.minReplicas }}',
      '  maxReplicas: {{ .Values.autoscaling.maxReplicas }}',
      '  metrics:',
      '    {{- if .Values.autoscaling.targetCPUUtilizationPercentage }}',
      '    - type: Resource',
      '      resource:',
      '        name: cpu',
      '        target:',
      '          type: Utilization',
      '          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}',
      '    {{- end }}',
      '    {{- if .Values.autoscaling.targetMemoryUtilizationPercentage }}',
      '    - type: Resource',
      '      resource:',
      '        name: memory',
      '        target:',
      '          type: Utilization',
      '          averageUtilization: {{ .Values.autoscaling.targetMemoryUtilizationPercentage }}',
      '    {{- end }}',
      '{{- end }}',
      '',
    ].join('\n'),
  ],
  [
    'templates/NOTES.txt',
    [
      '1. Get the application URL by running these commands:',
      '{{- if .Values.httpRoute.enabled }}',
      '{{- if .Values.httpRoute.hostnames }}',
      '    export APP_HOSTNAME={{ .Values.httpRoute.hostnames | first }}',
      '{{- else }}',
      '    export APP_HOSTNAME=$(kubectl get --namespace {{(first .Values.httpRoute.parentRefs).namespace | default .Release.Namespace }} gateway/{{ (first .Values.httpRoute.parentRefs).name }} -o jsonpath="{.spec.listeners[0].hostname}")',
      '  {{- end }}',
      '{{- if and .Values.httpRoute.rules (first .Values.httpRoute.rules).matches (first (first .Values.httpRoute.rules).matches).path.value }}',
      '    echo "Visit http://$APP_HOSTNAME{{ (first (first .Values.httpRoute.rules).matches).path.value }} to use your application"',
      '',
      '    NOTE: Your HTTPRoute depends on the listener configuration of your gateway and your HTTPRoute rules.',
      '    The rules can be set for path, method, header and query parameters.',
      "    You can check the gateway configuration with 'kubectl get --namespace {{(first .Values.httpRoute.parentRefs).namespace | default .Release.Namespace }} gateway/{{ (first .Values.httpRoute.parentRefs).name }} -o yaml'",
      '{{- end }}',
      '{{- else if .Values.ingress.enabled }}',
      '{{- range $host := .Values.ingress.hosts }}',
      '  {{- range .paths }}',
      '  http{{ if $.Values.ingress.tls }}s{{ end }}://{{ $host.host }}{{ .path }}',
      '  {{- end }}',
      '{{- end }}',
      '{{- else if contains "NodePort" .Values.service.type }}',
      '  export NODE_PORT=$(kubectl get --namespace {{ .Release.Namespace }} -o jsonpath="{.spec.ports[0].nodePort}" services {{ include "<CHARTNAME>.fullname" . }})',
      '  export NODE_IP=$(kubectl get nodes --namespace {{ .Release.Namespace }} -o jsonpath="{.items[0].status.addresses[0].address}")',
      '  echo http://$NODE_IP:$NODE_PORT',
      '{{- else if contains "LoadBalancer" .Values.service.type }}',
      '     NOTE: It may take a few minutes for the LoadBalancer IP to be available.',
      '           You can watch its status by running \'kubectl get --namespace {{ .Release.Namespace }} svc -w {{ include "<CHARTNAME>.fullname" . }}\'',
      '  export SERVICE_IP=$(kubectl get svc --namespace {{ .Release.Namespace }} {{ include "<CHARTNAME>.fullname" . }} --template "{{"{{ range (index .status.loadBalancer.ingress 0) }}{{.}}{{ end }}"}}")',
      '  echo http://$SERVICE_IP:{{ .Values.service.port }}',
      '{{- else if contains "ClusterIP" .Values.service.type }}',
      '  export POD_NAME=$(kubectl get pods --namespace {{ .Release.Namespace }} -l "app.kubernetes.io/name={{ include "<CHARTNAME>.name" . }},app.kubernetes.io/instance={{ .Release.Name }}" -o jsonpath="{.items[0].metadata.name}")',
      '  export CONTAINER_PORT=$(kubectl get pod --namespace {{ .Release.Namespace }} $POD_NAME -o jsonpath="{.spec.containers[0].ports[0].containerPort}")',
      '  echo "Visit http://127.0.0.1:8080 to use your application"',
      '  kubectl --namespace {{ .Release.Namespace }} port-forward $POD_NAME 8080:$CONTAINER_PORT',
      '{{- end }}',
      '',
    ].join('\n'),
  ],
  [
    'templates/_helpers.tpl',
    [
      '{{/*',
      'Expand the name of the chart.',
      '*/}}',
      '{{- define "<CHARTNAME>.name" -}}',
      '{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}',
      '{{- end }}',
      '',
      '{{/*',
      'Create a default fully qualified app name.',
      'We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).',
      'If release name contains chart name it will be used as a full name.',
      '*/}}',
      '{{- define "<CHARTNAME>.fullname" -}}',
      '{{- if .Values.fullnameOverride }}',
      '{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}',
      '{{- else }}',
      '{{- $name := default .Chart.Name .Values.nameOverride }}',
      '{{- if contains $name .Release.Name }}',
      '{{- .Release.Name | trunc 63 | trimSuffix "-" }}',
      '{{- else }}',
      '{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}',
      '{{- end }}',
      '{{- end }}',
      '{{- end }}',
      '',
      '{{/*',
      'Create chart name and version as used by the chart label.',
      '*/}}',
      '{{- define "<CHARTNAME>.chart" -}}',
      '{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}',
      '{{- end }}',
      '',
      '{{/*',
      'Common labels',
      '*/}}',
      '{{- define "<CHARTNAME>.labels" -}}',
      'helm.sh/chart: {{ include "<CHARTNAME>.chart" . }}',
      '{{ include "<CHARTNAME>.selectorLabels" . }}',
      '{{- if .Chart.AppVersion }}',
      'app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}',
      '{{- end }}',
      'app.kubernetes.io/managed-by: {{ .Release.Service }}',
      '{{- end }}',
      '',
      '{{/*',
      'Selector labels',
      '*/}}',
      '{{- define "<CHARTNAME>.selectorLabels" -}}',
      'app.kubernetes.io/name: {{ include "<CHARTNAME>.name" . }}',
      'app.kubernetes.io/instance: {{ .Release.Name }}',
      '{{- end }}',
      '',
      '{{/*',
      'Create the name of the service account to use',
      '*/}}',
      '{{- define "<CHARTNAME>.serviceAccountName" -}}',
      '{{- if .Values.serviceAccount.create }}',
      '{{- default (include "<CHARTNAME>.fullname" .) .Values.serviceAccount.name }}',
      '{{- else }}',
      '{{- default "default" .Values.serviceAccount.name }}',
      '{{- end }}',
      '{{- end }}',
      '',
    ].join('\n'),
  ],
  [
    'templates/tests/test-connection.yaml',
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: "{{ include "<CHARTNAME>.fullname" . }}-test-connection"',
      '  labels:',
      '    {{- include "<CHARTNAME>.labels" . | nindent 4 }}',
      '  annotations:',
      '    "helm.sh/hook": test',
      'spec:',
      '  containers:',
      '    - name: wget',
      '      image: busybox',
      "      command: ['wget']",
      '      args: [\'{{ include "<CHARTNAME>.fullname" . }}:{{ .Values.service.port }}\']',
      '  restartPolicy: Never',
      '',
    ].join('\n'),
  ],
];

export interface CreateOptions {
  /** --starter: a name under `starterDir`, or an absolute path to a chart directory or archive. */
  starter?: string;
  /** `$HELM_DATA_HOME/starters` (the CLI knows the data home). Needed for a bare starter name. */
  starterDir?: string;
  /** Base for a relative NAME; default process.cwd(). */
  cwd?: string;
  /** Receives stdout text as Helm prints it (before an error, too). */
  out?: (text: string) => void;
}

export interface CreateResult {
  /** Absolute path of the chart directory. */
  path: string;
  /** What `helm create` prints on stdout ("Creating NAME", overwrite warnings). */
  output: string;
}

/** Go's %q for the paths in Helm's messages. */
const goQuote = (s: string): string => JSON.stringify(s);

function validateChartName(name: string): void {
  if (name === '' || name.length > MAX_CHART_NAME_LENGTH) {
    throw new Error(`chart name must be between 1 and ${MAX_CHART_NAME_LENGTH} characters`);
  }
  if (!CHART_NAME.test(name)) {
    throw new Error(`chart name must match the regular expression ${goQuote(CHART_NAME.source)}`);
  }
}

function writeFile(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  writeFileSync(path, content, { mode: 0o644 });
}

/** Go's os.Stat error text. */
function statError(path: string): Error {
  return new Error(`stat ${path}: no such file or directory`);
}

/** chartutil.Create: writes the default scaffold for `name` inside the existing directory `dir`. */
export function createScaffold(name: string, dir: string, warn: (line: string) => void = () => {}): string {
  validateChartName(name);
  const path = resolve(dir);
  let st;
  try {
    st = statSync(path);
  } catch {
    throw statError(path);
  }
  if (!st.isDirectory()) throw new Error(`no such directory ${path}`);
  const cdir = join(path, name);
  if (existsSync(cdir) && !statSync(cdir).isDirectory()) {
    throw new Error(`file ${cdir} already exists and is not a directory`);
  }
  for (const [rel, content] of SCAFFOLD) {
    const file = join(cdir, rel);
    if (existsSync(file)) warn(`WARNING: File ${goQuote(file)} already exists. Overwriting.\n`);
    writeFile(file, content.replaceAll(PLACEHOLDER, name));
  }
  mkdirSync(join(cdir, 'charts'), { recursive: true, mode: 0o755 });
  return cdir;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const transform = (data: Uint8Array, name: string): Uint8Array =>
  enc.encode(dec.decode(data).replaceAll(PLACEHOLDER, name));

/** chartutil.CreateFrom: loads the starter, renames it and saves it as a directory under `dest`. */
export function createFromStarter(metadata: Metadata, dest: string, src: string): string {
  let starter: Chart;
  try {
    try {
      statSync(src);
    } catch {
      throw statError(src);
    }
    starter = loadChartV2(src);
  } catch (err) {
    throw new Error(`could not load ${src}: ${(err as Error).message}`);
  }
  const times: TimeSource = statSync(src).isDirectory() ? directoryTimes(src) : NO_TIMES;
  const name = metadata.name;
  starter.metadata = metadata;
  starter.templates = starter.templates.map((t) => ({ name: t.name, data: transform(t.data, name) }));
  starter.raw = starter.raw.map((f) =>
    f.name === 'values.yaml' ? { name: f.name, data: transform(f.data, name) } : f,
  );
  return saveDir(starter, dest, times);
}

/** chartutil.SaveDir: the chart as files under `dest/<name>`, subcharts as archives in charts/. */
export function saveDir(c: Chart, dest: string, times: TimeSource = NO_TIMES): string {
  if (basename(c.name) !== c.name) throw new Error(`chart name "${c.name}" is invalid`);
  const outdir = join(dest, c.name);
  if (existsSync(outdir) && !statSync(outdir).isDirectory()) {
    throw new Error(`file ${outdir} already exists and is not a directory`);
  }
  mkdirSync(outdir, { recursive: true, mode: 0o755 });
  const md = c.metadata.apiVersion === 'v1' ? { ...c.metadata, dependencies: undefined } : c.metadata;
  writeFileSync(join(outdir, 'Chart.yaml'), marshalChartfile(md), { mode: 0o644 });
  for (const f of c.raw) if (f.name === 'values.yaml') writeFile(join(outdir, 'values.yaml'), f.data);
  if (c.schema) writeFile(join(outdir, 'values.schema.json'), c.schema);
  for (const f of [...c.templates, ...c.files]) writeFile(join(outdir, f.name), f.data);
  const dirs = subchartDirs(c);
  c.dependencies.forEach((dep, i) => {
    const base = join(outdir, 'charts');
    const sub = dirs[i] !== undefined ? times.subchart(dirs[i]!) : NO_TIMES;
    try {
      const bytes = saveChartArchive(dep, { times: sub });
      mkdirSync(base, { recursive: true, mode: 0o755 });
      writeFileSync(join(base, archiveFileName(dep)), bytes, { mode: 0o644 });
    } catch (err) {
      throw new Error(`saving ${dep.fullPath()}: ${(err as Error).message}`);
    }
  });
  return outdir;
}

/**
 * `helm create NAME [--starter S]`: NAME may be a path (the chart is created in its parent
 * directory, named after its last element). Returns the chart path and Helm's stdout text.
 */
export function createChart(nameArg: string, opts: CreateOptions = {}): CreateResult {
  const cwd = opts.cwd ?? process.cwd();
  let output = '';
  const print = (text: string): void => {
    output += text;
    opts.out?.(text);
  };
  print(`Creating ${nameArg}\n`);
  const chartname = basename(nameArg);
  const parent = resolve(cwd, dirname(nameArg));
  if (opts.starter) {
    let src: string;
    if (isAbsolute(opts.starter)) src = opts.starter;
    else {
      if (opts.starterDir === undefined) throw new Error('starter directory is not set');
      src = join(opts.starterDir, opts.starter);
    }
    const md: Metadata = {
      name: chartname,
      description: 'A Helm chart for Kubernetes',
      type: 'application',
      version: '0.1.0',
      appVersion: '0.1.0',
      apiVersion: 'v2',
    };
    return { path: createFromStarter(md, parent, src), output };
  }
  const path = createScaffold(chartname, parent, print);
  return { path, output };
}
