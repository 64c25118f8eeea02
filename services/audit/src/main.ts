import { runStandalone } from '@benefits/http';
import { auditService } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
// Audit runs no consumer; with BENEFITS_KAFKA_BROKERS it only forwards its own store's events (none mapped today).
void runStandalone(auditService);
