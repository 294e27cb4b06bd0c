import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { ServiceEnv } from '@referral/platform-config';

const url = () => IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true });

/** The notifications service's environment; see the README's configuration table. */
export class NotificationsEnv extends ServiceEnv {
  override PORT = 3004;
  override DATABASE_NAME = 'notifications';

  /** The directory, asked for a recipient's phone, email and languages when a message is sent. */
  @url()
  DIRECTORY_URL = 'http://127.0.0.1:3002';

  /** The gateway's token endpoint, where this service obtains its own token (client credentials). */
  @url()
  SERVICE_TOKEN_URL = 'http://127.0.0.1:3000/v1/auth/token';

  /**
   * The API client this service reads contact details with (a client the directory lets read every
   * practitioner: role `admin`). Unset: no SMS or email can be addressed (in-app and webhooks only).
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  SERVICE_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  SERVICE_CLIENT_SECRET?: string;

  /** How long a practitioner's contact details are reused before the directory is asked again. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  CONTACT_CACHE_SECONDS = 300;
}
