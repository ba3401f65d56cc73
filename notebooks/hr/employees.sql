-- Databricks notebook source
-- MAGIC %md
-- MAGIC # HR: employees
-- MAGIC Loads the nightly HR export and keeps the current record per employee.

-- COMMAND ----------

CREATE OR REFRESH STREAMING TABLE employees_raw
COMMENT "The HR export files as they arrived."
AS SELECT * FROM cloud_files("${hr.source}", "csv", map("header", "true"));

-- COMMAND ----------

CREATE OR REFRESH STREAMING TABLE employees;

APPLY CHANGES INTO LIVE.employees
FROM STREAM(LIVE.employees_raw)
KEYS (employee_id)
SEQUENCE BY exported_at
STORED AS SCD TYPE 1;
