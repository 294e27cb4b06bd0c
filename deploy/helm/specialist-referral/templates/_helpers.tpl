{{/* The chart's name, and the release's full name (prefix of every object). */}}
{{- define "sr.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sr.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A service's objects: <fullname>-<service>. Call with (dict "root" $ "service" "gateway"). */}}
{{- define "sr.serviceName" -}}
{{- printf "%s-%s" (include "sr.fullname" .root) .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sr.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "sr.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: specialist-referral
{{- end -}}

{{/* Selector labels of a service's pods. Call with (dict "root" $ "service" "gateway"). */}}
{{- define "sr.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sr.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{- define "sr.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sr.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The image of a service. Call with (dict "root" $ "service" "gateway"). */}}
{{- define "sr.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.repository) .service $tag -}}
{{- end -}}

{{/* http://<service's Service>:<port>: where the others reach a service. */}}
{{- define "sr.url" -}}
{{- $svc := index .root.Values.services .service -}}
{{- printf "http://%s:%v" (include "sr.serviceName" .) $svc.port -}}
{{- end -}}

{{- define "sr.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "a Secret name for %s" .env) .ref.name | quote }}
      key: {{ required (printf "a Secret key for %s" .env) .ref.key | quote }}
{{- end -}}

{{/* Mount paths of the TLS files (the variables name these files). */}}
{{- define "sr.tlsDir" -}}/etc/specialist-referral/tls{{- end -}}

{{/*
The Kafka client variables: brokers, topics' layout, TLS, SASL. Every service and the topics job.
Call with (dict "root" $ "saslSecret" <secret ref>).
*/}}
{{- define "sr.kafkaEnv" -}}
{{- $v := .root.Values -}}
- name: NODE_ENV
  value: {{ $v.nodeEnv | quote }}
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers" $v.kafka.brokers | quote }}
- name: KAFKA_TOPIC_PARTITIONS
  value: {{ $v.kafka.topics.partitions | quote }}
- name: KAFKA_TOPIC_REPLICATION_FACTOR
  value: {{ $v.kafka.topics.replicationFactor | quote }}
- name: KAFKA_SSL
  value: {{ $v.kafka.tls.enabled | ternary "true" "false" | quote }}
{{- if $v.kafka.tls.enabled }}
{{- if $v.kafka.tls.caSecret.name }}
- name: KAFKA_SSL_CA_FILE
  value: {{ include "sr.tlsDir" . }}/kafka-ca/ca.crt
{{- end }}
{{- if $v.kafka.tls.clientCertSecret }}
- name: KAFKA_SSL_CERT_FILE
  value: {{ include "sr.tlsDir" . }}/kafka-client/tls.crt
- name: KAFKA_SSL_KEY_FILE
  value: {{ include "sr.tlsDir" . }}/kafka-client/tls.key
{{- end }}
{{- end }}
{{- if $v.kafka.sasl.mechanism }}
{{- if not (has $v.kafka.sasl.mechanism (list "plain" "scram-sha-256" "scram-sha-512")) }}
{{- fail "kafka.sasl.mechanism must be plain, scram-sha-256 or scram-sha-512" }}
{{- end }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $v.kafka.sasl.mechanism | quote }}
{{ include "sr.secretEnv" (dict "env" "KAFKA_SASL_USERNAME" "ref" (dict "name" .saslSecret.name "key" .saslSecret.usernameKey)) }}
{{ include "sr.secretEnv" (dict "env" "KAFKA_SASL_PASSWORD" "ref" (dict "name" .saslSecret.name "key" .saslSecret.passwordKey)) }}
{{- end }}
{{- end -}}

{{/*
The TLS volumes (Secrets as files, readable by the pod's group only) and /tmp. Call with
(dict "root" $ "postgresql" true); false: Kafka's only (the topics job).
*/}}
{{- define "sr.volumes" -}}
{{- $v := .root.Values -}}
{{- $postgresql := .postgresql -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- if and $postgresql (ne $v.postgresql.tls.mode "disable") $v.postgresql.tls.caSecret.name }}
- name: postgresql-ca
  secret:
    secretName: {{ $v.postgresql.tls.caSecret.name | quote }}
    defaultMode: 0440
    items:
      - key: {{ $v.postgresql.tls.caSecret.key | quote }}
        path: ca.crt
{{- end }}
{{- if and $postgresql (ne $v.postgresql.tls.mode "disable") $v.postgresql.tls.clientCertSecret }}
- name: postgresql-client
  secret:
    secretName: {{ $v.postgresql.tls.clientCertSecret | quote }}
    defaultMode: 0440
    items:
      - { key: tls.crt, path: tls.crt }
      - { key: tls.key, path: tls.key }
{{- end }}
{{- if and $v.kafka.tls.enabled $v.kafka.tls.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ $v.kafka.tls.caSecret.name | quote }}
    defaultMode: 0440
    items:
      - key: {{ $v.kafka.tls.caSecret.key | quote }}
        path: ca.crt
{{- end }}
{{- if and $v.kafka.tls.enabled $v.kafka.tls.clientCertSecret }}
- name: kafka-client
  secret:
    secretName: {{ $v.kafka.tls.clientCertSecret | quote }}
    defaultMode: 0440
    items:
      - { key: tls.crt, path: tls.crt }
      - { key: tls.key, path: tls.key }
{{- end }}
{{- end -}}

{{- define "sr.volumeMounts" -}}
{{- $v := .root.Values -}}
{{- $postgresql := .postgresql -}}
- name: tmp
  mountPath: /tmp
{{- if and $postgresql (ne $v.postgresql.tls.mode "disable") $v.postgresql.tls.caSecret.name }}
- name: postgresql-ca
  mountPath: {{ include "sr.tlsDir" .root }}/postgresql-ca
  readOnly: true
{{- end }}
{{- if and $postgresql (ne $v.postgresql.tls.mode "disable") $v.postgresql.tls.clientCertSecret }}
- name: postgresql-client
  mountPath: {{ include "sr.tlsDir" .root }}/postgresql-client
  readOnly: true
{{- end }}
{{- if and $v.kafka.tls.enabled $v.kafka.tls.caSecret.name }}
- name: kafka-ca
  mountPath: {{ include "sr.tlsDir" .root }}/kafka-ca
  readOnly: true
{{- end }}
{{- if and $v.kafka.tls.enabled $v.kafka.tls.clientCertSecret }}
- name: kafka-client
  mountPath: {{ include "sr.tlsDir" .root }}/kafka-client
  readOnly: true
{{- end }}
{{- end -}}

{{/*
Every variable of a service (its Deployment and its migration Job: migrate.ts validates the same
configuration). Call with (dict "root" $ "service" "gateway").
*/}}
{{- define "sr.serviceEnv" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $name := .service -}}
{{- $svc := index $v.services $name -}}
{{- $gateway := dict "root" $root "service" "gateway" -}}
{{- $s := $v.secrets -}}
- name: HOST
  value: 0.0.0.0
- name: PORT
  value: {{ $svc.port | quote }}
{{ include "sr.secretEnv" (dict "env" "DATABASE_URL" "ref" $v.postgresql.urlSecret) }}
- name: DATABASE_NAME
  value: {{ $svc.databaseName | quote }}
- name: DATABASE_POOL_SIZE
  value: {{ $v.postgresql.poolSize | quote }}
{{- if not (has $v.postgresql.tls.mode (list "disable" "require" "verify-ca" "verify-full")) }}
{{- fail "postgresql.tls.mode must be disable, require, verify-ca or verify-full" }}
{{- end }}
- name: DATABASE_SSL_MODE
  value: {{ $v.postgresql.tls.mode | quote }}
{{- if ne $v.postgresql.tls.mode "disable" }}
{{- if $v.postgresql.tls.caSecret.name }}
- name: DATABASE_SSL_CA_FILE
  value: {{ include "sr.tlsDir" . }}/postgresql-ca/ca.crt
{{- end }}
{{- if $v.postgresql.tls.clientCertSecret }}
- name: DATABASE_SSL_CERT_FILE
  value: {{ include "sr.tlsDir" . }}/postgresql-client/tls.crt
- name: DATABASE_SSL_KEY_FILE
  value: {{ include "sr.tlsDir" . }}/postgresql-client/tls.key
{{- end }}
{{- end }}
{{ include "sr.kafkaEnv" (dict "root" $root "saslSecret" $v.kafka.sasl.secret) }}
- name: AUTH_JWKS_URL
  value: {{ include "sr.url" $gateway }}/.well-known/jwks.json
{{- with $v.auth.issuer }}
- name: AUTH_ISSUER
  value: {{ . | quote }}
{{- end }}
{{- with $v.auth.audience }}
- name: AUTH_AUDIENCE
  value: {{ . | quote }}
{{- end }}
{{- with $v.auth.trustedIssuers }}
- name: AUTH_TRUSTED_ISSUERS
  value: {{ . | quote }}
{{- end }}
{{- with $v.corsOrigins }}
- name: CORS_ORIGINS
  value: {{ . | quote }}
{{- end }}
{{- if not (has $v.tracing.exporter (list "none" "otlp" "zipkin")) }}
{{- fail "tracing.exporter must be none, otlp or zipkin" }}
{{- end }}
- name: OTEL_TRACES_EXPORTER
  value: {{ $v.tracing.exporter | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ default $name $svc.tracing.serviceName | quote }}
{{- if eq $v.tracing.exporter "otlp" }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ required "tracing.otlpEndpoint (tracing.exporter is otlp)" $v.tracing.otlpEndpoint | quote }}
{{- end }}
{{- if eq $v.tracing.exporter "zipkin" }}
- name: OTEL_EXPORTER_ZIPKIN_ENDPOINT
  value: {{ required "tracing.zipkinEndpoint (tracing.exporter is zipkin)" $v.tracing.zipkinEndpoint | quote }}
{{- end }}
{{- if eq $name "gateway" }}
- name: PUBLIC_URL
  value: {{ required "publicUrl" $v.publicUrl | trimSuffix "/" | quote }}
- name: REFERRALS_URL
  value: {{ include "sr.url" (dict "root" $root "service" "referrals") }}
- name: DIRECTORY_URL
  value: {{ include "sr.url" (dict "root" $root "service" "directory") }}
- name: CASE_FILES_URL
  value: {{ include "sr.url" (dict "root" $root "service" "case-files") }}
- name: NOTIFICATIONS_URL
  value: {{ include "sr.url" (dict "root" $root "service" "notifications") }}
- name: FHIR_URL
  value: {{ include "sr.url" (dict "root" $root "service" "fhir") }}
- name: BOOTSTRAP_ADMIN_CLIENT_ID
  value: {{ required "bootstrap.adminClientId" $v.bootstrap.adminClientId | quote }}
{{ include "sr.secretEnv" (dict "env" "BOOTSTRAP_ADMIN_CLIENT_SECRET" "ref" $s.bootstrapAdminClientSecret) }}
- name: BOOTSTRAP_CONTACTS_CLIENT_ID
  value: {{ required "bootstrap.contactsClientId" $v.bootstrap.contactsClientId | quote }}
{{ include "sr.secretEnv" (dict "env" "BOOTSTRAP_CONTACTS_CLIENT_SECRET" "ref" $s.contactsClientSecret) }}
{{ include "sr.secretEnv" (dict "env" "IDEMPOTENCY_ENCRYPTION_KEY" "ref" $s.idempotencyEncryptionKey) }}
{{ include "sr.secretEnv" (dict "env" "SIGNING_KEY_ENCRYPTION_KEY" "ref" $s.signingKeyEncryptionKey) }}
{{- if $s.jwtSigningKey.name }}
{{ include "sr.secretEnv" (dict "env" "JWT_SIGNING_KEY_PEM" "ref" $s.jwtSigningKey) }}
- name: JWT_SIGNING_KEY_ID
  value: {{ required "secrets.jwtSigningKey.id (with secrets.jwtSigningKey.name)" $s.jwtSigningKey.id | quote }}
{{- end }}
{{- else if eq $name "referrals" }}
- name: CASE_FILES_URL
  value: {{ include "sr.url" (dict "root" $root "service" "case-files") }}
{{ include "sr.secretEnv" (dict "env" "IDEMPOTENCY_ENCRYPTION_KEY" "ref" $s.idempotencyEncryptionKey) }}
{{- else if eq $name "case-files" }}
{{ include "sr.secretEnv" (dict "env" "CNIC_ENCRYPTION_KEY" "ref" $s.cnicEncryptionKey) }}
{{ include "sr.secretEnv" (dict "env" "CNIC_INDEX_KEY" "ref" $s.cnicIndexKey) }}
{{- else if eq $name "notifications" }}
- name: DIRECTORY_URL
  value: {{ include "sr.url" (dict "root" $root "service" "directory") }}
- name: SERVICE_TOKEN_URL
  value: {{ include "sr.url" $gateway }}/v1/auth/token
- name: SERVICE_CLIENT_ID
  value: {{ $v.bootstrap.contactsClientId | quote }}
{{ include "sr.secretEnv" (dict "env" "SERVICE_CLIENT_SECRET" "ref" $s.contactsClientSecret) }}
- name: PUBLIC_APP_URL
  value: {{ required "publicAppUrl" $v.publicAppUrl | trimSuffix "/" | quote }}
{{ include "sr.secretEnv" (dict "env" "WEBHOOK_SECRET_KEY" "ref" $s.webhookSecretKey) }}
{{- else if eq $name "fhir" }}
- name: GATEWAY_URL
  value: {{ include "sr.url" $gateway }}
- name: FHIR_BASE_URL
  value: {{ printf "%s/fhir/R4" ($v.publicUrl | trimSuffix "/") | quote }}
{{- end }}
{{- range $env, $value := $svc.env }}
- name: {{ $env }}
  value: {{ $value | quote }}
{{- end }}
{{- range $env, $ref := $svc.secretEnv }}
{{ include "sr.secretEnv" (dict "env" $env "ref" $ref) }}
{{- end }}
{{- end -}}

{{/* The pod's security and scheduling shared by Deployments and Jobs. */}}
{{- define "sr.podSecurity" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
