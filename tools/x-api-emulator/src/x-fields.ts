/*
 * The values X accepts in the field and expansion parameters of the stream
 * and recent-search endpoints (X's OpenAPI spec, xdevplatform/docs
 * openapi.json v2.167, stream endpoint lists plus the older names clients
 * still send). X answers 400 to any other value, so a typo in the producer's
 * parameters fails here as it would in production.
 */

export const TWEET_FIELDS = [
  'article',
  'attachments',
  'author_id',
  'card_uri',
  'community_id',
  'context_annotations',
  'conversation_id',
  'created_at',
  'display_text_range',
  'edit_controls',
  'edit_history_tweet_ids',
  'entities',
  'geo',
  'id',
  'in_reply_to_user_id',
  'lang',
  'matched_media_notes',
  'media_metadata',
  'non_public_metrics',
  'note_request_suggestions',
  'note_tweet',
  'organic_metrics',
  'paid_partnership',
  'possibly_sensitive',
  'promoted_metrics',
  'public_metrics',
  'referenced_tweets',
  'reply_settings',
  'scopes',
  'source',
  'suggested_source_links',
  'suggested_source_links_with_counts',
  'text',
  'withheld',
] as const;

export const USER_FIELDS = [
  'affiliation',
  'confirmed_email',
  'connection_status',
  'created_at',
  'description',
  'entities',
  'id',
  'is_identity_verified',
  'location',
  'most_recent_tweet_id',
  'name',
  'parody',
  'pinned_tweet_id',
  'profile_banner_url',
  'profile_image_url',
  'protected',
  'public_metrics',
  'receives_your_dm',
  'subscription',
  'subscription_type',
  'url',
  'username',
  'verified',
  'verified_followers_count',
  'verified_type',
  'withheld',
] as const;

export const MEDIA_FIELDS = [
  'alt_text',
  'duration_ms',
  'height',
  'media_key',
  'non_public_metrics',
  'organic_metrics',
  'preview_image_url',
  'promoted_metrics',
  'public_metrics',
  'type',
  'url',
  'variants',
  'width',
] as const;

export const PLACE_FIELDS = [
  'contained_within',
  'country',
  'country_code',
  'full_name',
  'geo',
  'id',
  'name',
  'place_type',
] as const;

export const POLL_FIELDS = ['duration_minutes', 'end_datetime', 'id', 'options', 'voting_status'] as const;

export const EXPANSIONS = [
  'article.cover_media',
  'article.media_entities',
  'attachments.media_keys',
  'attachments.media_source_tweet',
  'attachments.poll_ids',
  'author_id',
  'edit_history_tweet_ids',
  'entities.mentions.username',
  'entities.note.mentions.username',
  'geo.place_id',
  'in_reply_to_user_id',
  'referenced_tweets.id',
  'referenced_tweets.id.attachments.media_keys',
  'referenced_tweets.id.author_id',
] as const;

/** Which query parameter lists the allowed values of which object, and what X returns when none is asked for. */
export const FIELD_PARAMETERS = {
  'tweet.fields': { allowed: TWEET_FIELDS, defaults: ['id', 'text', 'edit_history_tweet_ids'] },
  'user.fields': { allowed: USER_FIELDS, defaults: ['id', 'name', 'username'] },
  'media.fields': { allowed: MEDIA_FIELDS, defaults: ['media_key', 'type'] },
  'place.fields': { allowed: PLACE_FIELDS, defaults: ['id', 'full_name'] },
  'poll.fields': { allowed: POLL_FIELDS, defaults: ['id', 'options'] },
} as const;

export type FieldParameter = keyof typeof FIELD_PARAMETERS;
export type Expansion = (typeof EXPANSIONS)[number];
