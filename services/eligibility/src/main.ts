import { runStandalone } from '@benefits/http';
import { eligibilityService } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
void runStandalone(eligibilityService);
