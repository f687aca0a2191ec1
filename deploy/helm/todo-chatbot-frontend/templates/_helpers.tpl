{{/* Names and labels, in the style of podinfo's chart. */}}

{{/* The chart name, or nameOverride. */}}
{{- define "todo-chatbot-frontend.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The resource name: fullnameOverride, else the release name when it already
contains the chart name, else "<release>-<chart>". 63 characters: DNS labels.
*/}}
{{- define "todo-chatbot-frontend.fullname" -}}
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
{{- define "todo-chatbot-frontend.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "todo-chatbot-frontend.labels" -}}
helm.sh/chart: {{ include "todo-chatbot-frontend.chart" . }}
{{ include "todo-chatbot-frontend.selectorLabels" . }}
app.kubernetes.io/version: {{ include "todo-chatbot-frontend.imageTag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: web
app.kubernetes.io/part-of: todo-chatbot
{{- end }}

{{/* The labels that select this release's pods; never change them (selectors are immutable). */}}
{{- define "todo-chatbot-frontend.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-chatbot-frontend.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The `helm test` pod's labels: distinct from the selector labels, so the Service never routes to it. */}}
{{- define "todo-chatbot-frontend.testLabels" -}}
app.kubernetes.io/name: {{ include "todo-chatbot-frontend.name" . }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: test
{{- end }}

{{- define "todo-chatbot-frontend.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "todo-chatbot-frontend.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "todo-chatbot-frontend.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{- define "todo-chatbot-frontend.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "todo-chatbot-frontend.imageTag" .) }}
{{- end }}
