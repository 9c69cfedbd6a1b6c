// Application Insights on a Log Analytics workspace, and the four alerts an operator of the relay needs. Each alert
// is a log query over what the relay and the Functions host already write (the relay's log lines are
// `<message> {json fields}`, see functions/src/relay/adapters/logging.ts):
// - no component_verify_ticket stored for 20 minutes (WeChat pushes one every 10 minutes; without it no component
//   token can be refreshed, and after 12 hours every authorization stops);
// - anything moved to a poison queue (by the host after maxDequeueCount tries, or at once by the relay);
// - more than 5 % server errors on the callback routes (WeChat retries, then stops pushing);
// - a failed token refresh (the maintenance timer reports failed > 0, or throws).
// Docs: https://learn.microsoft.com/azure/azure-monitor/app/create-workspace-resource
//       https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-log-alert-rule

@description('Azure region.')
param location string

@description('Name prefix of the resources.')
param prefix string

@description('Who is told when an alert fires; empty for no e-mail (the alerts still show in the portal).')
param alertEmail string = ''

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${prefix}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${prefix}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: '${prefix}-operators'
  location: 'global'
  properties: {
    groupShortName: take('${prefix}ops', 12)
    enabled: true
    emailReceivers: [{ name: 'operator', emailAddress: alertEmail, useCommonAlertSchema: true }]
  }
}

var alerts = [
  {
    name: 'verify-ticket-stale'
    description: 'No component_verify_ticket stored for 20 minutes: check the 授权事件接收URL on the WeChat Open Platform and the relay\'s health.'
    severity: 1
    // 20 minutes is not one of the windows a log alert offers: look back 30 and count the last 20 in the query.
    window: 'PT30M'
    query: 'traces | where timestamp > ago(20m) and message startswith "component_verify_ticket stored" | summarize stored = count() | where stored == 0'
  }
  {
    name: 'poison-queue'
    description: 'A queue message was moved to a poison queue (wechat-inbound-poison or relay-tasks-poison): read the reason in the log, fix, then npm run replay-poison.'
    severity: 2
    window: 'PT5M'
    query: 'traces | where message has "-poison" and (message has "Moving message to queue" or message has "moved to")'
  }
  {
    name: 'callback-5xx'
    description: 'More than 5 % server errors on the WeChat callback routes (/api/wechat/component, /api/wechat/accounts/{appid}/callback).'
    severity: 1
    window: 'PT5M'
    query: 'requests | where operation_Name in ("wechatComponent", "wechatAccountCallback") | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total > 0 and failed * 100.0 / total > 5'
  }
  {
    name: 'token-refresh-failed'
    description: 'A component or authorizer token refresh failed: check the verify ticket, the AppSecret in Key Vault and the IP白名单.'
    severity: 2
    window: 'PT10M'
    query: 'union (traces | where operation_Name == "tokenRefresh" and message startswith "maintenance done" | extend fields = parse_json(substring(message, indexof(message, "{"))) | where toint(fields.failed) > 0), (exceptions | where operation_Name == "tokenRefresh")'
  }
]

resource rules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in alerts: {
    name: '${prefix}-${alert.name}'
    location: location
    properties: {
      displayName: '${prefix}: ${alert.name}'
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [insights.id]
      evaluationFrequency: 'PT5M'
      windowSize: alert.window
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
          }
        ]
      }
      autoMitigate: true
      actions: { actionGroups: empty(alertEmail) ? [] : [operators.id] }
    }
  }
]

output connectionString string = insights.properties.ConnectionString
output insightsName string = insights.name
