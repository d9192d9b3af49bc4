"""Airflow DAG: monthly campaign-metrics run once the snapshot's dumps are there.

Uses the stock SparkSubmitOperator (Wikimedia's airflow-dags wrap the same operator). Retries
are Airflow's: spark.yarn.maxAppAttempts=1 so they are not doubled. A re-run of a month is
idempotent: every output partition snapshot=<YYYY-MM> is replaced as a whole.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sensors.filesystem import FileSensor

JOB_JAR = "/srv/campaign-metrics/campaign-metrics-0.1.0-job.jar"
CONFIG = "/srv/campaign-metrics/campaigns.yaml"
DUMPS = "/public/dumps/public/other/mediawiki_history"

with DAG(
    dag_id="campaign_metrics_monthly",
    start_date=datetime(2026, 1, 1),
    schedule="0 3 12 * *",
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(hours=1)},
) as dag:
    # snapshot = the month before the run's logical date
    snapshot = "{{ (data_interval_start - macros.dateutil.relativedelta.relativedelta(months=1)).strftime('%Y-%m') }}"

    wait_for_dumps = FileSensor(
        task_id="wait_for_dumps",
        filepath=f"{DUMPS}/{snapshot}/enwiki",
        mode="reschedule",
        poke_interval=3600,
        timeout=7 * 24 * 3600,
    )

    run = SparkSubmitOperator(
        task_id="campaign_metrics_run",
        conn_id="spark_default",
        application=JOB_JAR,
        java_class="org.campaignmetrics.cli.Main",
        application_args=["run", "--config", CONFIG, "--snapshot", snapshot],
        conf={"spark.yarn.maxAppAttempts": "1"},
        driver_memory="4g",
        executor_memory="8g",
        executor_cores=4,
    )

    wait_for_dumps >> run
