{{/* The chart's own helpers over the library's. */}}
{{- define "training.image" -}}
{{ include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart) }}
{{- end -}}

{{- define "training.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
    {{ default (include "common.names.fullname" .) .Values.serviceAccount.name }}
{{- else -}}
    {{ default "default" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}

{{- define "training.validateValues" -}}
{{- $messages := list -}}
{{- $messages := append $messages (include "common.validations.values.single.empty" (dict "valueKey" "image.repository" "context" .)) -}}
{{- $messages := without $messages "" -}}
{{- $message := join "\n" $messages -}}
{{- if $message -}}
{{-   printf "\nVALUES VALIDATION:\n%s" $message | fail -}}
{{- end -}}
{{- end -}}

{{- define "training.configText" -}}
{{- $cfg := deepCopy .Values.config -}}
{{- $_ := unset $cfg "banner" -}}
{{- $_ := set $cfg "release" .Release.Name -}}
{{- $_ := set $cfg "from-db" (.Values.fromDb | default dict) -}}
{{- $cfg | toYaml -}}
{{- end -}}
