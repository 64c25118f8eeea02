import { runStandalone } from '@benefits/http';
import { auditService } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
void runStandalone(auditService);
