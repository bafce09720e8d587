namespace Kizuna.Stix.Tests.Objects;

/// <summary>
/// Hand-written STIX 2.1 objects, at least one of every modelled type, modelled on the specification's examples
/// (with custom properties, extensions and mixed timestamp precision). Each is valid (no errors).
/// </summary>
internal static class Samples
{
    public const string Identity = "identity--311b2d2d-f010-4473-83ec-1edf84858f4c";
    public const string Tlp = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";

    public static readonly IReadOnlyDictionary<string, string> ByName = new Dictionary<string, string>
    {
        ["attack-pattern"] = """
            {"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
             "created":"2016-05-12T08:17:27.000Z","modified":"2016-05-12T08:17:27.000Z","name":"Spear Phishing",
             "description":"...","aliases":["phishing"],"kill_chain_phases":[{"kill_chain_name":"mandiant-attack-lifecycle-model","phase_name":"initial-compromise"}],
             "external_references":[{"source_name":"capec","external_id":"CAPEC-163"}],"x_mitre_platforms":["Windows"]}
            """,
        ["campaign"] = """
            {"type":"campaign","spec_version":"2.1","id":"campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created_by_ref":"identity--311b2d2d-f010-4473-83ec-1edf84858f4c",
             "created":"2016-04-06T20:03:00.000Z","modified":"2016-04-06T20:03:00.000Z","name":"Green Group Attacks Against Finance",
             "description":"Campaign by Green Group against a series of targets in the financial services sector.","first_seen":"2016-01-01T00:00:00Z","last_seen":"2016-03-01T00:00:00Z","objective":"money"}
            """,
        ["course-of-action"] = """
            {"type":"course-of-action","spec_version":"2.1","id":"course-of-action--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created_by_ref":"identity--311b2d2d-f010-4473-83ec-1edf84858f4c",
             "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","name":"Add TCP port 80 Filter Rule to the existing Block UDP 1434 Filter",
             "description":"This is how to add a filter rule to block inbound access to TCP port 80 to the existing UDP 1434 filter ...","lang":"en","confidence":85}
            """,
        ["grouping"] = """
            {"type":"grouping","spec_version":"2.1","id":"grouping--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3","created_by_ref":"identity--a463ffb3-1bd9-4d94-b02d-74e4f1658283",
             "created":"2015-12-21T19:59:11.000Z","modified":"2015-12-21T19:59:11.000Z","name":"The Black Vine Cyberespionage Group","description":"A simple collection of Black Vine Cyberespionage Group attributed intel",
             "context":"suspicious-activity","object_refs":["indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2","campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c","relationship--f82356ae-fe6c-437c-9c24-6b64314ae68a","file--0203b5c8-f8b6-4ddb-9ad0-527d727f968b"]}
            """,
        ["identity"] = """
            {"type":"identity","spec_version":"2.1","id":"identity--311b2d2d-f010-4473-83ec-1edf84858f4c","created":"2016-04-06T20:03:00.000Z","modified":"2016-04-06T20:03:00.000Z",
             "name":"内閣サイバーセキュリティセンター (NISC)","identity_class":"organization","sectors":["government-national"],"roles":["coordinator"],"contact_information":"soc@example.go.jp",
             "object_marking_refs":["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"]}
            """,
        ["incident"] = """
            {"type":"incident","spec_version":"2.1","id":"incident--1c4b3d2e-2a49-4f5b-9d1e-2c9c3c4a5b6d","created":"2023-03-01T09:00:00.000Z","modified":"2023-03-02T09:00:00.000Z",
             "name":"電力 分野 不正アクセス","description":"An intrusion into an operator's OT network.","kill_chain_phases":[{"kill_chain_name":"lockheed-martin-cyber-kill-chain","phase_name":"exploitation"}],
             "revoked":false,"labels":["near-miss"],"object_marking_refs":["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]}
            """,
        ["indicator"] = """
            {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
             "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","indicator_types":["malicious-activity"],"name":"Poison Ivy Malware",
             "description":"This file is part of Poison Ivy","pattern":"[ file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]",
             "pattern_type":"stix","pattern_version":"2.1","valid_from":"2016-01-01T00:00:00Z","valid_until":"2017-01-01T00:00:00.123456Z",
             "granular_markings":[{"marking_ref":"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421","selectors":["description","labels.[0]"]},{"lang":"en","selectors":["name"]}],
             "labels":["poison-ivy"],"extensions":{"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":{"extension_type":"property-extension","rank":5,"toxicity":8}},
             "x_kizuna_sector":"電力"}
            """,
        ["infrastructure"] = """
            {"type":"infrastructure","spec_version":"2.1","id":"infrastructure--38c47d93-d984-4fd9-b87b-d69d0841628d","created":"2016-05-07T11:22:30.000Z","modified":"2016-05-07T11:22:30.000Z",
             "name":"Poison Ivy C2","infrastructure_types":["command-and-control"],"aliases":["PIC2"],"first_seen":"2016-05-07T11:22:30Z","last_seen":"2016-05-08T11:22:30Z"}
            """,
        ["intrusion-set"] = """
            {"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
             "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","name":"Bobcat Breakin","description":"Incidents usually feature a shared TTP of a bobcat being released within the building containing network access, scaring users to leave their computers without locking them first. Still determining where the threat actors are getting the bobcats.",
             "aliases":["Zookeeper"],"goals":["acquisition-theft","harassment","damage"],"resource_level":"organization","primary_motivation":"ideology","secondary_motivations":["coercion"]}
            """,
        ["location"] = """
            {"type":"location","spec_version":"2.1","id":"location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
             "created":"2016-04-06T20:03:00.000Z","modified":"2016-04-06T20:03:00.000Z","name":"東京","latitude":35.6895,"longitude":139.69171,"precision":1000.5,"region":"eastern-asia","country":"JP","administrative_area":"東京都","city":"千代田区"}
            """,
        ["malware"] = """
            {"type":"malware","spec_version":"2.1","id":"malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061","created":"2016-05-12T08:17:27.000Z","modified":"2016-05-12T08:17:27.000Z",
             "name":"Cryptolocker","description":"A variant of the cryptolocker family","malware_types":["ransomware"],"is_family":false,"operating_system_refs":["software--c7d2b5d8-3c4d-4d3e-9b4e-2a1b3c4d5e6f"],
             "sample_refs":["file--6b9a5b6c-1d2e-4f3a-8b7c-9d0e1f2a3b4c"],"architecture_execution_envs":["x86"],"implementation_languages":["c"],"capabilities":["persists-after-system-reboot"]}
            """,
        ["malware-analysis"] = """
            {"type":"malware-analysis","spec_version":"2.1","id":"malware-analysis--d25167b7-fed0-4068-9ccd-a73dd2c5b07c","created":"2018-01-01T00:00:00.000Z","modified":"2018-01-01T00:00:00.000Z",
             "product":"microsoft","analysis_engine_version":"5.1.0","analysis_definition_version":"053117-01","analysis_started":"2018-01-01T00:00:00Z","analysis_ended":"2018-01-01T00:01:00Z",
             "result":"malicious","result_name":"Trojan:Win32/Cryptolocker","host_vm_ref":"software--1bda7336-fe67-469f-a8ca-ab6268b0449b","sample_ref":"file--fb0419a8-f09c-57f8-be64-71a80417591c"}
            """,
        ["note"] = """
            {"type":"note","spec_version":"2.1","id":"note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061","created":"2016-05-12T08:17:27.000Z","modified":"2016-05-12T08:17:27.000Z",
             "external_references":[{"source_name":"job-tracker","external_id":"job-id-1234"}],"abstract":"Tracking Team Note#1","content":"This note indicates the various steps taken by the threat analyst team to investigate this specific campaign. Step 1) Do a scan 2) Review scanned results for identified hosts not known by external intel….etc",
             "authors":["John Doe"],"object_refs":["campaign--c9a6bc5f-f0a0-4c8a-9c3e-6b8f2c1e4f0a"]}
            """,
        ["observed-data"] = """
            {"type":"observed-data","spec_version":"2.1","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
             "created":"2016-04-06T19:58:16.000Z","modified":"2016-04-06T19:58:16.000Z","first_observed":"2015-12-21T19:00:00Z","last_observed":"2015-12-21T19:00:00Z","number_observed":50,
             "object_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7","relationship--f82356ae-fe6c-437c-9c24-6b64314ae68a"]}
            """,
        ["opinion"] = """
            {"type":"opinion","spec_version":"2.1","id":"opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
             "created":"2016-05-12T08:17:27.000Z","modified":"2016-05-12T08:17:27.000Z","object_refs":["relationship--16d2358f-3b0d-4c88-b047-0da2f7ed4471"],"opinion":"strongly-disagree",
             "explanation":"This doesn't seem like it is feasible. We've seen how PandaCat has attacked Spanish infrastructure over the last 3 years, so this change in targeting seems too great to be viable. The methods used are more commonly associated with the FlameDragonCrew."}
            """,
        ["report"] = """
            {"type":"report","spec_version":"2.1","id":"report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3","created_by_ref":"identity--a463ffb3-1bd9-4d94-b02d-74e4f1658283",
             "created":"2015-12-21T19:59:11.000Z","modified":"2015-12-21T19:59:11.000Z","name":"The Black Vine Cyberespionage Group","description":"A simple report with an indicator and campaign",
             "published":"2016-01-20T17:00:00.000Z","report_types":["campaign"],"object_refs":["indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2","campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c","relationship--f82356ae-fe6c-437c-9c24-6b64314ae68a"]}
            """,
        ["threat-actor"] = """
            {"type":"threat-actor","spec_version":"2.1","id":"threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
             "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","threat_actor_types":["crime-syndicate"],"name":"Evil Org","description":"The Evil Org threat actor group",
             "aliases":["Syndicate 1","Evil Syndicate 99"],"roles":["director"],"goals":["Steal bank money","Steal credit cards"],"sophistication":"advanced","resource_level":"team","primary_motivation":"personal-gain",
             "personal_motivations":["revenge"],"first_seen":"2015-01-01T00:00:00.000Z"}
            """,
        ["tool"] = """
            {"type":"tool","spec_version":"2.1","id":"tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
             "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","tool_types":["remote-access"],"name":"VNC","tool_version":"4.1"}
            """,
        ["vulnerability"] = """
            {"type":"vulnerability","spec_version":"2.1","id":"vulnerability--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061","created":"2016-05-12T08:17:27.000Z","modified":"2016-05-12T08:17:27.000Z",
             "name":"CVE-2016-1234","external_references":[{"source_name":"cve","external_id":"CVE-2016-1234","url":"https://example.org/CVE-2016-1234","hashes":{"SHA-256":"6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b"}}]}
            """,
        ["relationship"] = """
            {"type":"relationship","spec_version":"2.1","id":"relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e","created":"2016-04-06T20:06:37.000Z","modified":"2016-04-06T20:06:37.000Z",
             "relationship_type":"indicates","source_ref":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","target_ref":"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",
             "start_time":"2016-04-06T20:06:37Z","stop_time":"2016-05-06T20:06:37Z"}
            """,
        ["sighting"] = """
            {"type":"sighting","spec_version":"2.1","id":"sighting--ee20065d-2555-424f-ad9e-0f8428623c75","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
             "created":"2016-04-06T20:08:31.000Z","modified":"2016-04-06T20:08:31.000Z","first_seen":"2015-12-21T19:00:00Z","last_seen":"2015-12-21T19:00:00Z","count":0,
             "sighting_of_ref":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","observed_data_refs":["observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf"],
             "where_sighted_refs":["identity--b67d30ff-02ac-498a-92f9-32f845f448ff","location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64"],"summary":false}
            """,
        ["artifact"] = """
            {"type":"artifact","spec_version":"2.1","id":"artifact--ca17bcf8-9846-5ab4-8662-75c1bf6e63ee","mime_type":"image/jpeg","payload_bin":"iVBORw0KGgoAAAANSUhEUgAAADI=",
             "hashes":{"MD5":"6826f9a05da08134006557758bb3afbb"}}
            """,
        ["autonomous-system"] = """
            {"type":"autonomous-system","spec_version":"2.1","id":"autonomous-system--f720c34b-98ae-597f-ade5-27dc241e8c74","number":15139,"name":"Slime Industries","rir":"ARIN"}
            """,
        ["directory"] = """
            {"type":"directory","spec_version":"2.1","id":"directory--93c0a9b0-520d-545d-9094-1a08ddf46b05","path":"C:\\Windows\\System32","ctime":"2018-11-23T08:17:27.000Z",
             "contains_refs":["file--9d7a2d17-5e3b-5b1b-8c3f-3c2a5d2c0a11","directory--5f8e7c6b-4a3b-5c2d-9e1f-0a9b8c7d6e5f"]}
            """,
        ["domain-name"] = """
            {"type":"domain-name","spec_version":"2.1","id":"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7","value":"example.com","resolves_to_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]}
            """,
        ["email-addr"] = """
            {"type":"email-addr","spec_version":"2.1","id":"email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3","value":"john@example.com","display_name":"John Doe",
             "belongs_to_ref":"user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c"}
            """,
        ["email-message"] = """
            {"type":"email-message","spec_version":"2.1","id":"email-message--cf9b4b7f-14c8-5955-8065-020e0316b559","is_multipart":true,"received_lines":["from mail.example.com ([198.51.100.3]) by smtp.gmail.com with ESMTPSA id q23sm23309939wme.17.2016.07.19.07.20.32 (version=TLS1_2 cipher=ECDHE-RSA-AES128-GCM-SHA256 bits=128/128); Tue, 19 Jul 2016 07:20:40 -0700 (PDT)"],
             "content_type":"multipart/mixed","date":"2016-06-19T14:20:40.000Z","from_ref":"email-addr--89f52ea8-d6ef-51e9-8fce-6a29236436ed","to_refs":["email-addr--d1b3bf0c-f02a-51a1-8102-11aba7959868"],
             "cc_refs":["email-addr--e4ee5301-b52d-59cd-a8fa-8036738c7194"],"subject":"Check out this picture of a cat!","additional_header_fields":{"Content-Disposition":["inline"],"X-Mailer":["Mutt/1.5.23"]},
             "body_multipart":[{"content_type":"text/plain; charset=utf-8","content_disposition":"inline","body":"Cats are funny!"},
                               {"content_type":"image/png","content_disposition":"attachment; filename=\"tabby.png\"","body_raw_ref":"artifact--4cce66f8-6eaa-53cb-85d5-3a85fca3a6c5"}]}
            """,
        ["file"] = """
            {"type":"file","spec_version":"2.1","id":"file--ced31cd4-bdcb-537d-aefa-92d291bfc11d","name":"example.exe","size":68000,"magic_number_hex":"50000000",
             "hashes":{"SHA-256":"841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649"},
             "extensions":{"windows-pebinary-ext":{"pe_type":"exe","machine_hex":"014c","sections":[{"name":".data","size":4096,"entropy":7.980693,"hashes":{"SHA-256":"6e3b6f3978e5cd96ba7abee35c24e867b7e64072e2ecb22d0ee7a6e6af6894d0"}}]}}}
            """,
        ["ipv4-addr"] = """
            {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","value":"198.51.100.3","belongs_to_refs":["autonomous-system--f720c34b-98ae-597f-ade5-27dc241e8c74"]}
            """,
        ["ipv6-addr"] = """
            {"type":"ipv6-addr","spec_version":"2.1","id":"ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26","value":"2001:db8::1","resolves_to_refs":["mac-addr--65cfcf98-8a6e-5a1b-8f61-379ac4f92d00"]}
            """,
        ["mac-addr"] = """
            {"type":"mac-addr","spec_version":"2.1","id":"mac-addr--65cfcf98-8a6e-5a1b-8f61-379ac4f92d00","value":"d2:fb:49:24:37:18"}
            """,
        ["mutex"] = """
            {"type":"mutex","spec_version":"2.1","id":"mutex--eba44954-d4e4-5d3b-814c-2b17dd8de300","name":"__CLEANSWEEP__","defanged":false}
            """,
        ["network-traffic"] = """
            {"type":"network-traffic","spec_version":"2.1","id":"network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d","src_ref":"ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53",
             "dst_ref":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","protocols":["ipv4","tcp","http"],"src_port":2487,"dst_port":80,"src_byte_count":147600,"src_packets":100,
             "start":"2016-06-19T14:20:40.000Z","end":"2016-06-19T14:20:41.000Z","ipfix":{"minimumIpTotalLength":32,"maximumIpTotalLength":2556},
             "extensions":{"http-request-ext":{"request_method":"get","request_value":"/download.html","request_version":"http/1.1","request_header":{"Accept-Encoding":"gzip,deflate","Host":"www.example.com"}}}}
            """,
        ["process"] = """
            {"type":"process","spec_version":"2.1","id":"process--f52a906a-0dfc-40bd-92f1-e7778ead38a9","pid":1221,"created_time":"2016-01-20T14:11:25.55Z","command_line":"./gedit-bin --new-window",
             "environment_variables":{"HOME":"/home/user"},"image_ref":"file--e04f22d1-be2c-59de-add8-10f61d15fe20","is_hidden":false,
             "extensions":{"windows-process-ext":{"aslr_enabled":true,"dep_enabled":true,"priority":"HIGH_PRIORITY_CLASS","owner_sid":"S-1-5-21-186985262-1144665072-74031268-1309"}}}
            """,
        ["software"] = """
            {"type":"software","spec_version":"2.1","id":"software--a1827f6d-ca53-5605-9e93-4316cd22a00a","name":"Word","cpe":"cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*","version":"2002","vendor":"Microsoft","languages":["eng","jpn"]}
            """,
        ["url"] = """
            {"type":"url","spec_version":"2.1","id":"url--c1477287-23ac-5971-a010-5c287877fa60","value":"https://example.com/research/index.html"}
            """,
        ["user-account"] = """
            {"type":"user-account","spec_version":"2.1","id":"user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c","user_id":"1001","account_login":"jdoe","account_type":"unix",
             "display_name":"John Doe","is_service_account":false,"is_privileged":false,"can_escalate_privs":true,"account_created":"2016-01-20T12:31:12Z","credential_last_changed":"2016-01-20T14:27:43Z",
             "account_first_login":"2016-01-20T14:26:07Z","account_last_login":"2016-07-22T16:08:28Z","extensions":{"unix-account-ext":{"gid":1001,"groups":["wheel"],"home_dir":"/home/jdoe","shell":"/bin/bash"}}}
            """,
        ["windows-registry-key"] = """
            {"type":"windows-registry-key","spec_version":"2.1","id":"windows-registry-key--36594eba-bcc7-5014-9835-0e154264e588",
             "values":[{"name":"Foo","data":"qwerty","data_type":"REG_SZ"},{"name":"Bar","data":"42","data_type":"REG_DWORD"}],"number_of_subkeys":2}
            """,
        ["x509-certificate"] = """
            {"type":"x509-certificate","spec_version":"2.1","id":"x509-certificate--b595eaf0-0b28-5dad-9e8e-0fab9c1facc9","issuer":"C=ZA, ST=Western Cape, L=Cape Town, O=Thawte Consulting cc, OU=Certification Services Division, CN=Thawte Server CA/emailAddress=server-certs@thawte.com",
             "validity_not_before":"2016-03-12T12:00:00Z","validity_not_after":"2016-08-21T12:00:00Z","subject":"C=US, ST=Maryland, L=Pasadena, O=Brent Baccala, OU=FreeSoft, CN=www.freesoft.org/emailAddress=baccala@freesoft.org",
             "serial_number":"36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49:32:0a:b7:06","subject_public_key_exponent":65537,
             "x509_v3_extensions":{"basic_constraints":"critical,CA:TRUE","key_usage":"critical,keyCertSign","private_key_usage_period_not_before":"2016-03-12T12:00:00Z"}}
            """,
        ["marking-definition"] = """
            {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","created":"2017-01-20T00:00:00.000Z","definition_type":"statement",
             "definition":{"statement":"Copyright 2019, Example Corp"},"name":"Copyright"}
            """,
        ["language-content"] = """
            {"type":"language-content","spec_version":"2.1","id":"language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d","created":"2017-02-08T21:31:22.007Z","modified":"2017-02-08T21:31:22.007Z",
             "object_ref":"campaign--12a111f0-b824-4baf-a224-83b80237a094","object_modified":"2017-02-08T21:31:22.007Z",
             "contents":{"de":{"name":"Bank Angriff 1","description":"Weitere Informationen über Banküberfall"},"ja":{"name":"銀行攻撃 1","description":"銀行強盗の詳細"}}}
            """,
        ["extension-definition"] = """
            {"type":"extension-definition","spec_version":"2.1","id":"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e","created_by_ref":"identity--11b76a96-5d2b-45e0-8a5a-f6994f370731",
             "created":"2014-02-20T09:16:08.989Z","modified":"2014-02-20T09:16:08.989Z","name":"Extension Foo Bar","description":"This schema creates a new object type called my-favorite-sdo-1",
             "schema":"https://www.example.com/schema-my-favorite-sdo-1/v1/","version":"1.2.1","extension_types":["new-sdo","toplevel-property-extension"],"extension_properties":["toxicity","rank"]}
            """,
        ["x-kizuna-drill"] = """
            {"type":"x-kizuna-drill","id":"x-kizuna-drill--2f7a3c1e-9b4d-4e6f-8a1b-3c5d7e9f1a2b","spec_version":"2.1","created":"2024-06-01T00:00:00.000Z","modified":"2024-06-01T00:00:00.000Z",
             "x_scenario":"分野横断演習","x_participants":[{"org":"T-CEPTOAR","count":3}],"x_score":9.5}
            """,
    };

    /// <summary>A bundle of several of the samples.</summary>
    public static string Bundle => $$"""
        {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[{{ByName["indicator"]}},{{ByName["malware"]}},{{ByName["relationship"]}},{{ByName["ipv4-addr"]}},{{ByName["x-kizuna-drill"]}}]}
        """;
}
