-- CentralAuth's globaluser, the columns the replicas source reads (centralauth_p.globaluser).
CREATE TABLE globaluser (
  gu_id INT UNSIGNED AUTO_INCREMENT NOT NULL,
  gu_name VARBINARY(255) DEFAULT NULL,
  gu_home_db VARBINARY(255) DEFAULT NULL,
  gu_registration VARBINARY(14) DEFAULT NULL,
  gu_locked TINYINT(1) DEFAULT 0 NOT NULL,
  gu_hidden_level INT DEFAULT 0 NOT NULL,
  UNIQUE INDEX gu_name (gu_name),
  PRIMARY KEY(gu_id)
) ENGINE=InnoDB;
