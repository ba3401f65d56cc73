-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Sales: silver and gold orders
-- MAGIC Cleans the bronze orders and keeps a daily revenue table. Expectations drop rows that
-- MAGIC cannot be valid, so both regions publish the same clean data.

-- COMMAND ----------

CREATE OR REFRESH STREAMING TABLE silver_orders (
  CONSTRAINT valid_order_id EXPECT (order_id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT positive_amount EXPECT (amount > 0) ON VIOLATION DROP ROW
)
COMMENT "Orders with a key and a positive amount, one row per order."
TBLPROPERTIES ("quality" = "silver")
AS SELECT
  CAST(order_id AS BIGINT) AS order_id,
  CAST(customer_id AS BIGINT) AS customer_id,
  CAST(amount AS DECIMAL(18, 2)) AS amount,
  CAST(order_ts AS TIMESTAMP) AS order_ts,
  _ingested_at
FROM STREAM(LIVE.bronze_orders);

-- COMMAND ----------

CREATE OR REFRESH MATERIALIZED VIEW gold_daily_revenue
COMMENT "Revenue per day, for the sales dashboard."
AS SELECT
  DATE(order_ts) AS order_date,
  COUNT(*) AS orders,
  SUM(amount) AS revenue
FROM LIVE.silver_orders
GROUP BY DATE(order_ts);
