BEGIN TRANSACTION;
CREATE TABLE agenda_item (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	discussion TEXT NOT NULL, 
	implementers TEXT, standard VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0012');
CREATE TABLE attendance (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	ngo_id INTEGER, 
	organisation VARCHAR, 
	present BOOLEAN NOT NULL, 
	name VARCHAR, 
	designation VARCHAR, 
	is_head BOOLEAN, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id), 
	FOREIGN KEY(ngo_id) REFERENCES ngo (id)
);
CREATE TABLE "audit" (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	os_user VARCHAR NOT NULL, 
	command VARCHAR NOT NULL, 
	table_name VARCHAR NOT NULL, 
	row_key VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	old TEXT, 
	new TEXT, 
	run_id INTEGER NOT NULL, 
	row_id INTEGER, 
	prior TEXT, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_audit_run_id_run FOREIGN KEY(run_id) REFERENCES run (id)
);
INSERT INTO "audit" VALUES(1,'2026-12-01 21:54:08.108539','root','ngocoord init --district ''দিনাজপুর''','office','Dinajpur','insert',NULL,'{"district": "Dinajpur"}',1,NULL,NULL);
INSERT INTO "audit" VALUES(2,'2026-12-01 21:54:08.121147','root','ngocoord init --district ''দিনাজপুর''','setting','district','insert','{"value": null}','{"value": "দিনাজপুর"}',1,NULL,NULL);
INSERT INTO "audit" VALUES(3,'2026-12-01 21:54:08.344385','root','ngocoord init --district ''দিনাজপুর''','setting','office.name','insert','{"value": null}','{"value": "জেলা প্রশাসকের কার্যালয়, দিনাজপুর"}',1,NULL,NULL);
INSERT INTO "audit" VALUES(4,'2026-12-01 21:54:08.345877','root','ngocoord init --district ''দিনাজপুর''','setting','office.name_en','insert','{"value": null}','{"value": "Deputy Commissioner''s Office, Dinajpur"}',1,NULL,NULL);
INSERT INTO "audit" VALUES(5,'2026-12-01 21:54:12.105631','root','ngocoord ngo import roster.csv','ngo','MBSK','insert',NULL,'{"joined": null, "name_bn": "মহিলা বহুমুখী শিক্ষা কেন্দ্র", "upazilas": []}',2,1,'null');
INSERT INTO "audit" VALUES(6,'2026-12-01 21:54:12.105709','root','ngocoord ngo import roster.csv','ngo','CTW','insert',NULL,'{"joined": null, "name_bn": "কাম-টু-ওয়ার্ক", "upazilas": []}',2,2,'null');
INSERT INTO "audit" VALUES(7,'2026-12-01 21:54:12.105729','root','ngocoord ngo import roster.csv','ngo','DAM','insert',NULL,'{"joined": null, "name_bn": "ঢাকা আহছানিয়া মিশন", "upazilas": []}',2,3,'null');
INSERT INTO "audit" VALUES(8,'2026-12-01 21:54:15.076226','root','ngocoord report import reports --received-on 2021-02-05','submission','ngo-report:CTW:2021-01','insert',NULL,'{"file": "reports/2021-01_CTW.csv", "received_on": "2021-02-05", "version": 1}',3,1,'null');
INSERT INTO "audit" VALUES(9,'2026-12-01 21:54:15.095874','root','ngocoord report import reports --received-on 2021-02-05','submission','ngo-report:MBSK:2021-01','insert',NULL,'{"file": "reports/2021-01_MBSK.csv", "received_on": "2021-02-05", "version": 1}',3,2,'null');
CREATE TABLE column_map (
	id INTEGER NOT NULL, 
	form VARCHAR NOT NULL, 
	header_key VARCHAR NOT NULL, 
	header VARCHAR NOT NULL, 
	field VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (form, header_key)
);
CREATE TABLE decision (
	id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	implementers TEXT, 
	due_on DATE, 
	status VARCHAR NOT NULL, 
	closed_on DATE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(item_id) REFERENCES agenda_item (id)
);
CREATE TABLE decision_link (
	id INTEGER NOT NULL, 
	decision_id INTEGER NOT NULL, 
	ngo_id INTEGER, 
	office_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(decision_id) REFERENCES decision (id), 
	FOREIGN KEY(ngo_id) REFERENCES ngo (id), 
	FOREIGN KEY(office_id) REFERENCES office (id)
);
CREATE TABLE decision_note (
	id INTEGER NOT NULL, 
	decision_id INTEGER NOT NULL, 
	written_on DATE NOT NULL, 
	kind VARCHAR NOT NULL, 
	text TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(decision_id) REFERENCES decision (id)
);
CREATE TABLE lock_override (
	id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	kind_id INTEGER NOT NULL, 
	month VARCHAR NOT NULL, 
	unit VARCHAR NOT NULL, 
	change VARCHAR NOT NULL, 
	reason TEXT NOT NULL, 
	changed_at DATETIME NOT NULL, 
	changed_by VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(kind_id) REFERENCES return_kind (id), 
	FOREIGN KEY(office_id) REFERENCES office (id)
);
CREATE TABLE meeting (
	id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	held_on DATE NOT NULL, 
	time VARCHAR NOT NULL, 
	venue VARCHAR NOT NULL, 
	chair_name VARCHAR NOT NULL, 
	chair_designation VARCHAR NOT NULL, 
	month_reviewed VARCHAR NOT NULL, 
	committee VARCHAR NOT NULL, 
	memo_no VARCHAR, 
	memo_date DATE, 
	read_by VARCHAR, 
	opening TEXT, 
	closing TEXT, 
	signatory_name VARCHAR, 
	signatory_designation VARCHAR, 
	distribution TEXT, 
	presenter_ngo_id INTEGER, 
	next_presenter_ngo_id INTEGER, previous_minutes VARCHAR, previous_changes TEXT, created_at DATETIME, finalised_at DATETIME, finalised_by VARCHAR, signed TEXT, reopened_at DATETIME, reopened_reason TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(next_presenter_ngo_id) REFERENCES ngo (id), 
	FOREIGN KEY(office_id) REFERENCES office (id), 
	FOREIGN KEY(presenter_ngo_id) REFERENCES ngo (id), 
	UNIQUE (office_id, held_on)
);
CREATE TABLE "membership" (
	id INTEGER NOT NULL, 
	ngo_id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	start_date DATE, 
	end_date DATE, 
	start_reason VARCHAR, 
	end_reason VARCHAR, 
	end_decision_id INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_membership_end_decision FOREIGN KEY(end_decision_id) REFERENCES decision (id), 
	FOREIGN KEY(office_id) REFERENCES office (id), 
	FOREIGN KEY(ngo_id) REFERENCES ngo (id)
);
INSERT INTO "membership" VALUES(1,1,1,NULL,NULL,'roster import',NULL,NULL);
INSERT INTO "membership" VALUES(2,2,1,NULL,NULL,'roster import',NULL,NULL);
INSERT INTO "membership" VALUES(3,3,1,NULL,NULL,'roster import',NULL,NULL);
CREATE TABLE "minutes_sent" (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	finalised_at DATETIME NOT NULL, 
	what VARCHAR NOT NULL, 
	to_address VARCHAR NOT NULL, 
	ngo_id INTEGER, 
	office_id INTEGER, 
	decisions VARCHAR, 
	sent_at DATETIME NOT NULL, 
	sent_by VARCHAR NOT NULL, 
	target VARCHAR NOT NULL, 
	attempt INTEGER NOT NULL, 
	state VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id), 
	FOREIGN KEY(office_id) REFERENCES office (id), 
	FOREIGN KEY(ngo_id) REFERENCES ngo (id)
);
CREATE TABLE ngo (
	id INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	name_bn VARCHAR, 
	name_en VARCHAR, 
	name_key VARCHAR NOT NULL, 
	head_name VARCHAR, 
	head_designation VARCHAR, 
	mobile VARCHAR, 
	email VARCHAR, 
	address VARCHAR, 
	website VARCHAR, 
	start_year INTEGER, 
	sectors VARCHAR, 
	projects TEXT, 
	notes TEXT, extra TEXT, 
	PRIMARY KEY (id)
);
INSERT INTO "ngo" VALUES(1,'MBSK','মহিলা বহুমুখী শিক্ষা কেন্দ্র',NULL,'মহিলা বহুমুখী শিক্ষা কেন্দ্র',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "ngo" VALUES(2,'CTW','কাম-টু-ওয়ার্ক',NULL,'কাম টু ওয়ার্ক',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "ngo" VALUES(3,'DAM','ঢাকা আহছানিয়া মিশন',NULL,'ঢাকা আহছানিয়া মিশন',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE ngo_area (
	ngo_id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	PRIMARY KEY (ngo_id, office_id), 
	FOREIGN KEY(ngo_id) REFERENCES ngo (id), 
	FOREIGN KEY(office_id) REFERENCES office (id)
);
CREATE TABLE ngo_former_code (
	id INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	ngo_id INTEGER NOT NULL, 
	replaced_on DATE NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(ngo_id) REFERENCES ngo (id), 
	UNIQUE (code)
);
CREATE TABLE office (
	id INTEGER NOT NULL, 
	level VARCHAR NOT NULL, 
	geo_id INTEGER NOT NULL, 
	name_bn VARCHAR NOT NULL, 
	name_en VARCHAR NOT NULL, 
	parent_id INTEGER, 
	is_home BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(parent_id) REFERENCES office (id), 
	UNIQUE (level, geo_id)
);
INSERT INTO "office" VALUES(1,'district',54,'দিনাজপুর','Dinajpur',NULL,1);
INSERT INTO "office" VALUES(2,'upazila',404,'নবাবগঞ্জ','Nawabganj',1,0);
INSERT INTO "office" VALUES(3,'upazila',405,'বীরগঞ্জ','Birganj',1,0);
INSERT INTO "office" VALUES(4,'upazila',406,'ঘোড়াঘাট','Ghoraghat',1,0);
INSERT INTO "office" VALUES(5,'upazila',407,'বিরামপুর','Birampur',1,0);
INSERT INTO "office" VALUES(6,'upazila',408,'পার্বতীপুর','Parbatipur',1,0);
INSERT INTO "office" VALUES(7,'upazila',409,'বোচাগঞ্জ','Bochaganj',1,0);
INSERT INTO "office" VALUES(8,'upazila',410,'কাহারোল','Kaharol',1,0);
INSERT INTO "office" VALUES(9,'upazila',411,'ফুলবাড়ী','Fulbari',1,0);
INSERT INTO "office" VALUES(10,'upazila',412,'দিনাজপুর সদর','Dinajpur Sadar',1,0);
INSERT INTO "office" VALUES(11,'upazila',413,'হাকিমপুর','Hakimpur',1,0);
INSERT INTO "office" VALUES(12,'upazila',414,'খানসামা','Khansama',1,0);
INSERT INTO "office" VALUES(13,'upazila',415,'বিরল','Birol',1,0);
INSERT INTO "office" VALUES(14,'upazila',416,'চিরিরবন্দর','Chirirbandar',1,0);
CREATE TABLE period_lock (
	id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	month VARCHAR NOT NULL, 
	locked_at DATETIME NOT NULL, 
	locked_by VARCHAR NOT NULL, 
	reason TEXT, 
	meeting_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id), 
	FOREIGN KEY(office_id) REFERENCES office (id), 
	CONSTRAINT uq_period_lock_office_month UNIQUE (office_id, month)
);
CREATE TABLE registration (
	id INTEGER NOT NULL, 
	ngo_id INTEGER NOT NULL, 
	authority VARCHAR NOT NULL, 
	number VARCHAR NOT NULL, 
	reg_date DATE, 
	reg_year INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(ngo_id) REFERENCES ngo (id), 
	UNIQUE (ngo_id, authority, number)
);
CREATE TABLE reminder (
	id INTEGER NOT NULL, 
	kind_id INTEGER NOT NULL, 
	ngo_id INTEGER NOT NULL, 
	month VARCHAR NOT NULL, 
	sent_at DATETIME NOT NULL, 
	to_address VARCHAR NOT NULL, 
	memo_no VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(kind_id) REFERENCES return_kind (id), 
	FOREIGN KEY(ngo_id) REFERENCES ngo (id)
);
CREATE TABLE report_line (
	id INTEGER NOT NULL, 
	submission_id INTEGER NOT NULL, 
	line_no INTEGER NOT NULL, 
	project VARCHAR NOT NULL, 
	donor VARCHAR, 
	upazila_office_id INTEGER, 
	sector VARCHAR, 
	ben_male INTEGER, 
	ben_female INTEGER, 
	ben_children INTEGER, 
	budget_year FLOAT, 
	spent_month FLOAT, 
	activities TEXT, extra TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(submission_id) REFERENCES submission (id), 
	FOREIGN KEY(upazila_office_id) REFERENCES office (id)
);
INSERT INTO "report_line" VALUES(1,1,1,'কিশোরী ক্লাব',NULL,NULL,NULL,NULL,30,NULL,NULL,NULL,NULL,'{"প্রকল্পের মেয়াদ": "২০২১-২০২৩"}');
INSERT INTO "report_line" VALUES(2,2,1,'নারী শিক্ষা',NULL,NULL,NULL,NULL,12,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE return_kind (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	title_bn VARCHAR NOT NULL, 
	submitter VARCHAR NOT NULL, 
	due_day INTEGER NOT NULL, enabled BOOLEAN DEFAULT true NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
INSERT INTO "return_kind" VALUES(1,'ngo-report','এনজিওর মাসিক কার্যক্রম প্রতিবেদন','ngo',7,1);
INSERT INTO "return_kind" VALUES(2,'upazila-minutes','উপজেলা মাসিক এনজিও সমন্বয় সভার কার্যবিবরণী','upazila',3,1);
CREATE TABLE run (
	id INTEGER NOT NULL, 
	command VARCHAR NOT NULL, 
	os_user VARCHAR NOT NULL, 
	started DATETIME NOT NULL, 
	ended DATETIME, 
	outcome VARCHAR, 
	changes TEXT, 
	undoes VARCHAR, 
	PRIMARY KEY (id)
);
INSERT INTO "run" VALUES(1,'ngocoord init --district ''দিনাজপুর''','root','2026-12-01 21:54:08.108633','2026-12-01 21:54:08.412272','ok','{"office": 1, "setting": 3}',NULL);
INSERT INTO "run" VALUES(2,'ngocoord ngo import roster.csv','root','2026-12-01 21:54:12.104468','2026-12-01 21:54:12.134853','ok','{"ngo": 3}',NULL);
INSERT INTO "run" VALUES(3,'ngocoord report import reports --received-on 2021-02-05','root','2026-12-01 21:54:15.076301','2026-12-01 21:54:15.214539','ok','{"submission": 2}',NULL);
CREATE TABLE setting (
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "setting" VALUES('district','দিনাজপুর');
INSERT INTO "setting" VALUES('office.name','জেলা প্রশাসকের কার্যালয়, দিনাজপুর');
INSERT INTO "setting" VALUES('office.name_en','Deputy Commissioner''s Office, Dinajpur');
CREATE TABLE submission (
	id INTEGER NOT NULL, 
	kind_id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	ngo_id INTEGER, 
	unit_office_id INTEGER, 
	month VARCHAR NOT NULL, 
	version INTEGER NOT NULL, 
	is_current BOOLEAN NOT NULL, 
	received_on DATE NOT NULL, 
	content_hash VARCHAR NOT NULL, 
	source_file VARCHAR NOT NULL, 
	stored_file VARCHAR, 
	prepared_by VARCHAR, 
	designation VARCHAR, 
	mobile VARCHAR, 
	report_date DATE, 
	imported_at DATETIME NOT NULL, 
	imported_by VARCHAR NOT NULL, 
	voided_at DATETIME, 
	void_reason VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(kind_id) REFERENCES return_kind (id), 
	FOREIGN KEY(ngo_id) REFERENCES ngo (id), 
	FOREIGN KEY(office_id) REFERENCES office (id), 
	FOREIGN KEY(unit_office_id) REFERENCES office (id)
);
INSERT INTO "submission" VALUES(1,1,1,2,NULL,'2021-01',1,1,'2021-02-05','b01d4d950bd4a53a1c948014c4e651832095069ce659fa024b879360c85af769','reports/2021-01_CTW.csv',NULL,NULL,NULL,NULL,NULL,'2026-12-01 21:54:15.066549','root',NULL,NULL);
INSERT INTO "submission" VALUES(2,1,1,1,NULL,'2021-01',1,1,'2021-02-05','ccc697dc88b538ea5408a77cf8bcf96ec1a8c3bd4df316971dd38ec7b1b650b5','reports/2021-01_MBSK.csv',NULL,NULL,NULL,NULL,NULL,'2026-12-01 21:54:15.095685','root',NULL,NULL);
CREATE UNIQUE INDEX ix_ngo_code ON ngo (code);
CREATE INDEX ix_ngo_name_key ON ngo (name_key);
CREATE INDEX ix_ngo_area_office_id ON ngo_area (office_id);
CREATE INDEX ix_registration_ngo_id ON registration (ngo_id);
CREATE INDEX ix_submission_kind_month ON submission (kind_id, month, is_current);
CREATE INDEX ix_submission_ngo_month ON submission (ngo_id, month);
CREATE INDEX ix_report_line_submission_id ON report_line (submission_id);
CREATE INDEX ix_reminder_ngo_month ON reminder (ngo_id, kind_id, month);
CREATE INDEX ix_agenda_item_meeting_id ON agenda_item (meeting_id);
CREATE INDEX ix_attendance_meeting_id ON attendance (meeting_id);
CREATE INDEX ix_decision_item_id ON decision (item_id);
CREATE INDEX ix_decision_link_decision_id ON decision_link (decision_id);
CREATE INDEX ix_decision_note_decision_id ON decision_note (decision_id);
CREATE INDEX ix_membership_office_ngo ON membership (office_id, ngo_id);
CREATE UNIQUE INDEX ux_submission_current_ngo_id ON submission (kind_id, office_id, ngo_id, month) WHERE is_current AND voided_at IS NULL;
CREATE UNIQUE INDEX ux_submission_current_unit_office_id ON submission (kind_id, office_id, unit_office_id, month) WHERE is_current AND voided_at IS NULL;
CREATE INDEX ix_submission_receipts ON submission (kind_id, month, ngo_id, unit_office_id, received_on, voided_at);
CREATE INDEX ix_run_started ON run (started);
CREATE INDEX ix_audit_at ON audit (at);
CREATE INDEX ix_audit_run_id ON audit (run_id);
CREATE INDEX ix_lock_override_month ON lock_override (office_id, month, kind_id);
CREATE INDEX ix_minutes_sent_meeting ON minutes_sent (meeting_id, finalised_at);
CREATE UNIQUE INDEX uq_minutes_sent_claim ON minutes_sent (meeting_id, finalised_at, target, attempt);
CREATE INDEX ix_ngo_former_code_ngo_id ON ngo_former_code (ngo_id);
COMMIT;
