{{/* Names and labels, in the style of podinfo's chart. */}}

{{/* The chart name, or nameOverride. */}}
{{- define "todo-chatbot-backend.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The resource name: fullnameOverride, else the release name when it already
contains the chart name, else "<release>-<chart>". 63 characters: DNS labels.
*/}}
{{- define "todo-chatbot-backend.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* "name-version" for the helm.sh/chart label. */}}
{{- define "todo-chatbot-backend.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "todo-chatbot-backend.labels" -}}
helm.sh/chart: {{ include "todo-chatbot-backend.chart" . }}
{{ include "todo-chatbot-backend.selectorLabels" . }}
app.kubernetes.io/version: {{ include "todo-chatbot-backend.imageTag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: api
app.kubernetes.io/part-of: todo-chatbot
{{- end }}

{{/* The labels that select this release's pods; never change them (selectors are immutable). */}}
{{- define "todo-chatbot-backend.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-chatbot-backend.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The `helm test` pod's labels: distinct from the selector labels, so the Service never routes to it. */}}
{{- define "todo-chatbot-backend.testLabels" -}}
app.kubernetes.io/name: {{ include "todo-chatbot-backend.name" . }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: test
{{- end }}

{{- define "todo-chatbot-backend.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "todo-chatbot-backend.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "todo-chatbot-backend.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{- define "todo-chatbot-backend.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "todo-chatbot-backend.imageTag" .) }}
{{- end }}

{{/* The Secret holding DATABASE_URL and LLM_API_KEY: an existing one or ours. */}}
{{- define "todo-chatbot-backend.secretName" -}}
{{- if .Values.existingSecret }}
{{- tpl .Values.existingSecret . }}
{{- else }}
{{- include "todo-chatbot-backend.fullname" . }}
{{- end }}
{{- end }}

{{/* True (non-empty) when the database is a SQLite file, which one pod owns. */}}
{{- define "todo-chatbot-backend.usesSqlite" -}}
{{- if and (not .Values.existingSecret) (hasPrefix "sqlite:" .Values.secret.databaseUrl) }}true{{ end }}
{{- end }}
