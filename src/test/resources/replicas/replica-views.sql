-- The Wiki Replicas' user-index views (maintain-views.yaml in https://gerrit.wikimedia.org/g/operations/puppet).
CREATE VIEW revision_userindex AS SELECT * FROM revision WHERE (rev_deleted & 4) = 0;
CREATE VIEW archive_userindex AS SELECT * FROM archive WHERE (ar_deleted & 4) = 0;
CREATE VIEW logging_logindex AS SELECT * FROM logging;
