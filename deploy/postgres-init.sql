-- One database per service: a service's event store, messaging tables (outbox checkpoints, inbox,
-- parked messages) and, for audit, the replica of every service's log.
CREATE DATABASE applications;
CREATE DATABASE eligibility;
CREATE DATABASE disbursement;
CREATE DATABASE audit;
