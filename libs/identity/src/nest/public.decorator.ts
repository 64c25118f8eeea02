import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'benefits:identity:public';

/**
 * Opts a controller or a route out of authentication (health probes). Everything else requires a
 * verified bearer token: forgetting this decorator fails closed, forgetting a guard cannot happen.
 */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC_KEY, true);
