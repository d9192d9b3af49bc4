-- The CampaignEvents tables as db_patches/mysql/tables-generated.sql creates them (CampaignEvents, https://gerrit.wikimedia.org/g/mediawiki/extensions/CampaignEvents),
-- and CentralAuth's globaluser (the columns we read, plus two we do not).
CREATE TABLE campaign_events (
  event_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL,
  event_name VARBINARY(255) NOT NULL,
  event_page_namespace INT UNSIGNED NOT NULL,
  event_page_title VARBINARY(255) NOT NULL,
  event_page_prefixedtext VARBINARY(512) NOT NULL,
  event_page_wiki VARBINARY(64) NOT NULL,
  event_chat_url BLOB NOT NULL,
  event_status INT NOT NULL,
  event_timezone VARBINARY(64) NOT NULL,
  event_start_local BINARY(14) NOT NULL,
  event_start_utc BINARY(14) NOT NULL,
  event_end_local BINARY(14) NOT NULL,
  event_end_utc BINARY(14) NOT NULL,
  event_types INT DEFAULT 0 NOT NULL,
  event_track_contributions TINYINT(1) DEFAULT 0 NOT NULL,
  event_meeting_type INT NOT NULL,
  event_meeting_url BLOB NOT NULL,
  event_created_at BINARY(14) NOT NULL,
  event_last_edit BINARY(14) NOT NULL,
  event_deleted_at BINARY(14) DEFAULT NULL,
  event_is_test_event TINYINT(1) DEFAULT 0 NOT NULL,
  UNIQUE INDEX event_page (event_page_wiki, event_page_namespace, event_page_title),
  PRIMARY KEY(event_id)
);
CREATE TABLE ce_participants (
  cep_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL,
  cep_event_id BIGINT UNSIGNED NOT NULL,
  cep_user_id INT UNSIGNED NOT NULL,
  cep_private TINYINT(1) NOT NULL,
  cep_registered_at BINARY(14) NOT NULL,
  cep_unregistered_at BINARY(14) DEFAULT NULL,
  cep_first_answer_timestamp BINARY(14) DEFAULT NULL,
  cep_aggregation_timestamp BINARY(14) DEFAULT NULL,
  cep_hide_contribution_association_prompt TINYINT(1) DEFAULT 0 NOT NULL,
  UNIQUE INDEX cep_event_participant (cep_event_id, cep_user_id),
  PRIMARY KEY(cep_id)
);
CREATE TABLE ce_organizers (
  ceo_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL,
  ceo_event_id BIGINT UNSIGNED NOT NULL,
  ceo_user_id INT UNSIGNED NOT NULL,
  ceo_roles BIGINT UNSIGNED NOT NULL,
  ceo_created_at BINARY(14) NOT NULL,
  ceo_deleted_at BINARY(14) DEFAULT NULL,
  ceo_agreement_timestamp BINARY(14) DEFAULT NULL,
  UNIQUE INDEX ceo_event_user (ceo_event_id, ceo_user_id),
  PRIMARY KEY(ceo_id)
);
CREATE TABLE ce_event_wikis (
  ceew_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL,
  ceew_event_id BIGINT UNSIGNED NOT NULL,
  ceew_wiki VARBINARY(64) NOT NULL,
  UNIQUE INDEX ceew_event_id_wiki (ceew_event_id, ceew_wiki),
  PRIMARY KEY(ceew_id)
);
CREATE TABLE ce_event_topics (
  ceet_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL,
  ceet_event_id BIGINT UNSIGNED NOT NULL,
  ceet_topic VARBINARY(64) NOT NULL,
  UNIQUE INDEX ceet_event_id_topic (ceet_event_id, ceet_topic),
  PRIMARY KEY(ceet_id)
);
CREATE TABLE ce_address (
  cea_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL,
  cea_full_address BLOB NOT NULL,
  cea_country_code BINARY(2) NOT NULL,
  INDEX cea_country_code (cea_country_code),
  PRIMARY KEY(cea_id)
);
CREATE TABLE ce_event_address (
  ceea_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL,
  ceea_event BIGINT UNSIGNED NOT NULL,
  ceea_address BIGINT UNSIGNED NOT NULL,
  UNIQUE INDEX ceea_event_address (ceea_event, ceea_address),
  PRIMARY KEY(ceea_id)
);
CREATE TABLE ce_event_contributions (
  cec_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL,
  cec_event_id BIGINT UNSIGNED NOT NULL,
  cec_user_id BIGINT UNSIGNED NOT NULL,
  cec_user_name VARBINARY(255) DEFAULT NULL,
  cec_wiki VARCHAR(64) NOT NULL,
  cec_page_id INT UNSIGNED NOT NULL,
  cec_page_prefixedtext VARBINARY(512) NOT NULL,
  cec_revision_id BIGINT UNSIGNED NOT NULL,
  cec_edit_flags INT NOT NULL,
  cec_bytes_delta INT NOT NULL,
  cec_links_delta SMALLINT NOT NULL,
  cec_references_delta SMALLINT DEFAULT NULL,
  cec_timestamp BINARY(14) NOT NULL,
  cec_deleted TINYINT(1) DEFAULT 0 NOT NULL,
  INDEX cec_wiki_page_id (cec_wiki, cec_page_id),
  UNIQUE INDEX cec_wiki_revision (cec_wiki, cec_revision_id),
  INDEX cec_event_user (cec_event_id, cec_user_id),
  PRIMARY KEY(cec_id)
);
CREATE TABLE ce_event_goals (
  ceeg_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL,
  ceeg_event_id BIGINT UNSIGNED NOT NULL,
  ceeg_goals LONGBLOB NOT NULL,
  INDEX ceeg_event_id (ceeg_event_id),
  PRIMARY KEY(ceeg_id)
);
CREATE TABLE globaluser (
  gu_id INT NOT NULL AUTO_INCREMENT,
  gu_name VARBINARY(255),
  gu_home_db VARBINARY(255),
  gu_registration VARBINARY(14),
  gu_locked TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (gu_id),
  UNIQUE KEY gu_name (gu_name)
);
