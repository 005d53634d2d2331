-- Run once by the postgres image (docker-entrypoint-initdb.d), when the data volume is empty, as
-- POSTGRES_USER. One database per service (DESIGN: "Storage"); each service migrates its own at
-- start-up. In compose all five belong to POSTGRES_USER; in Kubernetes each service has its own role
-- (k8s/platform/cloudnativepg-cluster.yaml).
--
-- A volume initialised before a database was added here does not get it: create it by hand,
--   docker compose exec postgres psql -U zjtx -d postgres -c 'CREATE DATABASE zjtx_<service>'

CREATE DATABASE zjtx_registry;
CREATE DATABASE zjtx_awards;
CREATE DATABASE zjtx_finance_subsidy;
CREATE DATABASE zjtx_payments_watch;
CREATE DATABASE zjtx_hotline;
