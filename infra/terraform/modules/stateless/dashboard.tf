# One page per stack: API traffic, the functions, the queues, and the
# application's own EMF metrics (namespace Fluxa, dimension service).

locals {
  api_dimensions = ["ApiName", aws_api_gateway_rest_api.this.name, "Stage", aws_api_gateway_stage.this.stage_name]

  emf_counters = {
    ingest    = ["ingest_success", "sqs_sent", "s3_puts", "payload_inline_count", "payload_s3_count"]
    processor = ["processed_success", "processed_duplicate", "dlq_sent", "notify_published", "batch_item_failures"]
    query     = ["query_success", "query_failure", "query_not_found"]
    relay     = ["relay_published"]
  }

  emf_latencies = {
    ingest    = ["ingest_latency_ms"]
    processor = ["process_latency_ms", "db_latency_ms"]
  }

  # Ages (seconds), charted at their maximum.
  emf_ages = {
    relay = ["relay_oldest_owed_seconds"]
  }

  # Metric widgets in reading order; laid out three per row below.
  dashboard_metric_widgets = concat(
    [
      {
        title = "API requests and errors"
        stat  = "Sum"
        metrics = [
          concat(["AWS/ApiGateway", "Count"], local.api_dimensions),
          concat(["AWS/ApiGateway", "4XXError"], local.api_dimensions),
          concat(["AWS/ApiGateway", "5XXError"], local.api_dimensions),
        ]
      },
      {
        title = "API latency p99 (ms)"
        stat  = "p99"
        metrics = [
          concat(["AWS/ApiGateway", "Latency"], local.api_dimensions),
          concat(["AWS/ApiGateway", "IntegrationLatency"], local.api_dimensions),
        ]
      },
      {
        title = "Queues"
        stat  = "Maximum"
        metrics = [
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.queue.name, { label = "main visible" }],
          ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", local.queue.name, { label = "main in flight" }],
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.dlq.name, { label = "DLQ visible" }],
          ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", local.queue.name, { label = "oldest (s)", yAxis = "right" }],
        ]
      },
      {
        title = "Lambda invocations / errors / throttles"
        stat  = "Sum"
        # concat(...) joins one level; flatten would also flatten each metric array.
        metrics = concat([
          for name in keys(local.functions) : [
            ["AWS/Lambda", "Invocations", "FunctionName", local.function_names[name], { label = "${name} invocations" }],
            ["AWS/Lambda", "Errors", "FunctionName", local.function_names[name], { label = "${name} errors" }],
            ["AWS/Lambda", "Throttles", "FunctionName", local.function_names[name], { label = "${name} throttles" }],
          ]
        ]...)
      },
      {
        title = "Lambda duration p95 (ms)"
        stat  = "p95"
        metrics = [
          for name in keys(local.functions) : ["AWS/Lambda", "Duration", "FunctionName", local.function_names[name], { label = name }]
        ]
      },
      {
        title = "processor concurrency (cap ${local.processor_max_concurrency})"
        stat  = "Maximum"
        metrics = [
          ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", local.function_names["processor"]],
        ]
      },
    ],
    [
      for service, metrics in local.emf_counters : {
        title   = "Fluxa ${service} (EMF)"
        stat    = "Sum"
        metrics = [for metric in metrics : ["Fluxa", metric, "service", service]]
      }
    ],
    [
      {
        # ingest_failure / processed_failure carry an extra `error` dimension
        # whose values are only known at run time: SEARCH finds them all.
        title = "Failures by error (EMF)"
        stat  = "Sum"
        metrics = [
          [{ id = "ingest_failures", label = "ingest", expression = "SEARCH('{Fluxa,error,service} MetricName=\"ingest_failure\"', 'Sum', 60)" }],
          [{ id = "processor_failures", label = "processor", expression = "SEARCH('{Fluxa,error,service} MetricName=\"processed_failure\"', 'Sum', 60)" }],
        ]
      },
      {
        title = "Oldest owed notification (s; alarm above 300)"
        stat  = "Maximum"
        metrics = concat([
          for service, metrics in local.emf_ages : [for metric in metrics : ["Fluxa", metric, "service", service]]
        ]...)
      },
      {
        title = "Latency p95 (EMF, ms)"
        stat  = "p95"
        metrics = concat([
          for service, metrics in local.emf_latencies : [for metric in metrics : ["Fluxa", metric, "service", service]]
        ]...)
      },
    ],
  )

  dashboard_widgets = [
    for i, widget in local.dashboard_metric_widgets : {
      type   = "metric"
      x      = (i % 3) * 8
      y      = floor(i / 3) * 6
      width  = 8
      height = 6
      properties = {
        title   = widget.title
        region  = var.aws_region
        stat    = widget.stat
        period  = 60
        view    = "timeSeries"
        metrics = widget.metrics
      }
    }
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = "${local.name_prefix}-overview"
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
