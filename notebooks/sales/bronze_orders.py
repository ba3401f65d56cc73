# Databricks notebook source
# MAGIC %md
# MAGIC # Sales: bronze orders
# MAGIC Ingests the raw order files that land in the region's landing volume. Both regions of the
# MAGIC `sales` pair run this notebook against their own copy of the landing zone, so either one can
# MAGIC serve the results after a failover.

# COMMAND ----------

import dlt
from pyspark.sql import functions as F

# The landing path differs per region; the pair definition sets it in the pipeline configuration.
SOURCE = spark.conf.get("sales.source", "/Volumes/landing/sales/orders")

# COMMAND ----------

@dlt.table(
    name="bronze_orders",
    comment="Raw orders as they arrived, with the file they came from.",
    table_properties={"quality": "bronze"},
)
def bronze_orders():
    return (
        spark.readStream.format("cloudFiles")
        .option("cloudFiles.format", "json")
        .option("cloudFiles.inferColumnTypes", "true")
        .load(SOURCE)
        .withColumn("_source_file", F.col("_metadata.file_path"))
        .withColumn("_ingested_at", F.current_timestamp())
    )
