{{/* Names and labels of the resources this chart adds (PostgreSQL, the Secret). */}}

{{- define "todo-chatbot.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "todo-chatbot.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "<release>-postgresql": the database's Service and StatefulSet. */}}
{{- define "todo-chatbot.postgresqlName" -}}
{{- printf "%s-postgresql" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Secret with DATABASE_URL and POSTGRES_PASSWORD. */}}
{{- define "todo-chatbot.secretName" -}}
{{- default (printf "%s-secrets" .Release.Name) .Values.global.existingSecret | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of the chart's own Secret. */}}
{{- define "todo-chatbot.labels" -}}
helm.sh/chart: {{ include "todo-chatbot.chart" . }}
app.kubernetes.io/name: {{ include "todo-chatbot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: todo-chatbot
{{- end }}

{{- define "todo-chatbot.postgresqlSelectorLabels" -}}
app.kubernetes.io/name: postgresql
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "todo-chatbot.postgresqlLabels" -}}
helm.sh/chart: {{ include "todo-chatbot.chart" . }}
{{ include "todo-chatbot.postgresqlSelectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: todo-chatbot
app.kubernetes.io/version: {{ .Values.postgresql.image.tag | quote }}
app.kubernetes.io/component: database
{{- end }}

{{/* "<release>-backup": the backup CronJob, its volume and NetworkPolicy. */}}
{{- define "todo-chatbot.backupName" -}}
{{- printf "%s-backup" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "todo-chatbot.backupSelectorLabels" -}}
app.kubernetes.io/name: todo-chatbot-backup
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "todo-chatbot.backupLabels" -}}
helm.sh/chart: {{ include "todo-chatbot.chart" . }}
{{ include "todo-chatbot.backupSelectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: todo-chatbot
app.kubernetes.io/component: backup
{{- end }}

{{/* The backend's image, which holds `todo-api backup`. The backend chart's
defaults (repository todo-chatbot-backend, the app version) are repeated
here: a parent chart cannot read a sub-chart's defaults, only the values it
is given (deploy/minikube/deploy.sh sets backend.image.tag). */}}
{{- define "todo-chatbot.backupImage" -}}
{{- $image := default dict .Values.backend.image }}
{{- printf "%s:%s" (default "todo-chatbot-backend" $image.repository) (default .Chart.AppVersion $image.tag) }}
{{- end }}
