//! The gate's machine-readable outputs: SARIF validated against the OASIS SARIF 2.1.0
//! schema, JUnit parsed as XML and checked for the JUnit structure and counts, JSON and
//! GitHub workflow annotations.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use serde_json::Value;
use support::*;

/// Runs the gate in `dir`; returns (exit code, stdout).
fn gate(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = thinpost().current_dir(dir).arg("gate").args(args).output().unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

/// A directory with the corpus's Module.symvers (`old`) and a current one (`new`) that lost
/// an export, restricted one to GPL, namespaced one, moved one and changed two CRCs (one
/// tolerated by `severities`); the gate sample's trees are linked in as `v1` and `v2`.
fn scenario() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("thinpost-gate-fmt-").tempdir_in(root().join("target")).unwrap();
    let golden = std::fs::read_to_string(corpus("tiny-6.12").join("Module.symvers")).unwrap();
    std::fs::write(dir.path().join("old"), &golden).unwrap();
    let mut new = String::new();
    for line in golden.lines() {
        let mut f: Vec<String> = line.split('\t').map(str::to_string).collect();
        match f[1].as_str() {
            "crc32_le" => continue,
            "system_state" => f[3] = "EXPORT_SYMBOL_GPL".into(),
            "jiffies" => f[4] = "TIMEKEEPING".into(),
            "zs_map_object" => f[2] = "mm/zsmalloc2".into(),
            "zs_get_total_pages" | "reset_devices" => f[0] = "0x00000001".into(),
            _ => {}
        }
        new.push_str(&f.join("\t"));
        new.push('\n');
    }
    new.push_str("0x12345678\tbrand_new\tvmlinux\tEXPORT_SYMBOL\t\n");
    std::fs::write(dir.path().join("new"), new).unwrap();
    std::fs::write(dir.path().join("severities"), "mm/* PASS\n").unwrap();
    let trees = gate_sample_trees();
    for v in ["v1", "v2"] {
        std::os::unix::fs::symlink(trees.join(v), dir.path().join(v)).unwrap();
    }
    dir
}

const BROKEN: &[&str] = &["--baseline", "old", "--current", "new", "--rules", "severities"];
const EXPLAINED: &[&str] = &["--baseline", "v1/Module.symvers", "--baseline-symtypes", "v1", "v2"];

fn with(args: &[&str], format: &str) -> Vec<String> {
    let mut v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    v.push("--format".into());
    v.push(format.into());
    v
}

fn gate_fmt(dir: &Path, args: &[&str], format: &str) -> (i32, String) {
    let v = with(args, format);
    let refs: Vec<&str> = v.iter().map(String::as_str).collect();
    gate(dir, &refs)
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_slice(&std::fs::read(root().join("testdata/gate/sarif-schema-2.1.0.json")).unwrap()).unwrap();
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    jsonschema::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles")
}

fn assert_valid_sarif(validator: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let dir = scenario();
    let validator = sarif_validator();
    // The validator does reject what the schema forbids.
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"tool": {}}]})));

    let (code, out) = gate_fmt(dir.path(), BROKEN, "sarif");
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&validator, &doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let by_rule: BTreeMap<&str, usize> = results.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r["ruleId"].as_str().unwrap()).or_default() += 1;
        m
    });
    let expected: BTreeMap<&str, usize> =
        [("lost", 1), ("restricted", 1), ("namespace-added", 1), ("moved", 1), ("crc-changed", 2), ("added", 1)]
            .into_iter()
            .collect();
    assert_eq!(by_rule, expected);
    // Each result points at the baseline's Module.symvers line (the current one for
    // `added`); tolerated ones carry an accepted external suppression.
    let old = std::fs::read_to_string(dir.path().join("old")).unwrap();
    let new = std::fs::read_to_string(dir.path().join("new")).unwrap();
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        let (uri, line) =
            (loc["artifactLocation"]["uri"].as_str().unwrap(), loc["region"]["startLine"].as_u64().unwrap());
        let text = if uri == "old" { &old } else { &new };
        let symbol = r["locations"][0]["logicalLocations"][0]["name"].as_str().unwrap();
        let at = text.lines().nth(line as usize - 1).unwrap();
        assert_eq!(at.split('\t').nth(1), Some(symbol), "{uri}:{line}");
        let rule = &doc["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        let tolerated = r["properties"]["verdict"] == "tolerated";
        assert_eq!(tolerated, symbol == "zs_get_total_pages", "{symbol}");
        if tolerated {
            assert_eq!(r["suppressions"][0]["status"], "accepted");
            assert_eq!(r["suppressions"][0]["justification"], "tolerated by severities:1: mm/* PASS");
        } else {
            assert!(r.get("suppressions").is_none());
        }
    }

    // The explained CRC change, located at the .cmd #SYMVER line of the scanned tree.
    let (code, out) = gate_fmt(dir.path(), EXPLAINED, "sarif");
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&validator, &doc);
    let r = &doc["runs"][0]["results"][0];
    assert!(r["message"]["text"].as_str().unwrap().ends_with(": s#gate_request: member added: unsigned long flags"));
    assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "v1/Module.symvers");

    // No findings is a valid log too.
    let (code, out) = gate_fmt(dir.path(), &["--baseline", "old", "--current", "old"], "sarif");
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&validator, &doc);
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), 0);
}

/// A parsed XML element.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, k: &str) -> &str {
        self.attrs.get(k).unwrap_or_else(|| panic!("<{}> has no {k}", self.name))
    }

    fn count(&self, k: &str) -> usize {
        self.attr(k).parse().unwrap()
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

fn parse_xml(xml: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let start = |e: &quick_xml::events::BytesStart| Element {
        name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.normalized_value(quick_xml::XmlVersion::default()).unwrap().into_owned(),
                )
            })
            .collect(),
        ..Element::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(start(&e)),
            Event::Empty(e) => {
                let el = start(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                let c = match name.as_ref() {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unexpected entity {other}"),
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut doc = stack.pop().unwrap();
    assert_eq!(doc.children.len(), 1, "one root element");
    doc.children.pop().unwrap()
}

#[test]
fn junit_has_one_testcase_per_checked_symbol() {
    let dir = scenario();
    let (code, xml) = gate_fmt(dir.path(), BROKEN, "junit");
    assert_eq!(code, 1);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let root = parse_xml(&xml);
    assert_eq!(root.name, "testsuites");
    let suites: Vec<&Element> = root.children("testsuite").collect();
    assert_eq!(suites.len(), root.children.len(), "only <testsuite> under <testsuites>");
    let (mut tests, mut failures) = (0, 0);
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut out_of_band: Vec<String> = Vec::new();
    for s in &suites {
        let cases: Vec<&Element> = s.children("testcase").collect();
        assert_eq!(cases.len(), s.children.len(), "only <testcase> under <testsuite>");
        assert_eq!(s.count("tests"), cases.len(), "{}", s.attr("name"));
        let f = cases.iter().filter(|c| c.children("failure").next().is_some()).count();
        assert_eq!(s.count("failures"), f);
        assert_eq!((s.count("errors"), s.count("skipped")), (0, 0));
        for c in &cases {
            assert_eq!(c.attr("classname"), s.attr("name"));
            for child in &c.children {
                match child.name.as_str() {
                    "failure" => {
                        assert!(child.attr("message").starts_with(&format!("symbol {}(", c.attr("name"))));
                        assert!(child.text.starts_with("KABI: symbol "));
                        failed.push((c.attr("name").to_string(), child.attr("type").to_string()));
                    }
                    "system-out" => out_of_band.push(c.attr("name").to_string()),
                    other => panic!("unexpected <{other}> in a testcase"),
                }
            }
        }
        tests += cases.len();
        failures += f;
    }
    assert_eq!((root.count("tests"), root.count("failures")), (tests, failures));
    assert_eq!(tests, 3811, "every symbol of the baseline is a testcase");
    failed.sort();
    let expected: Vec<(String, String)> = [
        ("crc32_le", "lost"),
        ("jiffies", "namespace-added"),
        ("reset_devices", "crc-changed"),
        ("system_state", "restricted"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(failed, expected);
    out_of_band.sort();
    // The tolerated CRC change and the move are reported but do not fail.
    assert_eq!(out_of_band, ["zs_get_total_pages", "zs_map_object"]);

    // The explanation reaches the failure text, escaped and parsed back.
    let (_, xml) = gate_fmt(dir.path(), EXPLAINED, "junit");
    let root = parse_xml(&xml);
    let case =
        root.children("testsuite").flat_map(|s| s.children("testcase")).find(|c| c.attr("name") == "gate_submit");
    let failure = case.unwrap().children("failure").next().unwrap();
    assert!(failure.text.ends_with("s#gate_request: member added: unsigned long flags"), "{}", failure.text);
    assert_eq!(root.count("tests"), 4);
}

#[test]
fn json_and_github_annotations() {
    let dir = scenario();
    let (code, out) = gate_fmt(dir.path(), BROKEN, "json");
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((doc["verdict"].as_str(), doc["checked"].as_u64()), (Some("fail"), Some(3811)));
    assert_eq!((doc["failing"].as_u64(), doc["tolerated"].as_u64()), (Some(4), Some(1)));
    let lost = doc["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "lost").unwrap();
    assert_eq!(lost["baseline"]["origin"]["file"], "old");
    assert_eq!(lost["baseline"]["crc"].as_str().unwrap().len(), 10);

    let (code, out) = gate_fmt(dir.path(), BROKEN, "github");
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    let old = std::fs::read_to_string(dir.path().join("old")).unwrap();
    let lost_line = old.lines().position(|l| l.split('\t').nth(1) == Some("crc32_le")).unwrap() + 1;
    assert!(lines.contains(
        &format!("::error file=old,line={lost_line},title=thinpost gate%3A lost::symbol crc32_le(mod:vmlinux) lost")
            .as_str()
    ));
    assert!(lines.iter().any(|l| l.starts_with("::notice file=old,") && l.contains("zs_get_total_pages")));
    assert!(lines.iter().any(|l| l.starts_with("::warning file=old,") && l.contains("zs_map_object")));
    assert!(lines.iter().any(|l| l.starts_with("::notice file=new,") && l.contains("brand_new")));
    assert_eq!(lines.iter().filter(|l| l.starts_with("::error ")).count(), 4);
}

#[test]
fn several_formats_at_once_go_to_files_atomically() {
    let dir = scenario();
    let args =
        ["--baseline", "old", "--current", "new", "-f", "text", "-f", "sarif=out/gate.sarif", "-f", "junit=gate.xml"];
    // The directory for gate.sarif does not exist: an I/O error naming the file.
    let o = thinpost().current_dir(dir.path()).arg("gate").args(args).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("thinpost: error: out/gate.sarif: "));
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let (code, out) = gate(dir.path(), &args);
    assert_eq!(code, 1);
    assert!(out.ends_with(": FAIL\n"));
    let sarif: Value = serde_json::from_slice(&std::fs::read(dir.path().join("out/gate.sarif")).unwrap()).unwrap();
    assert_valid_sarif(&sarif_validator(), &sarif);
    assert_eq!(parse_xml(&std::fs::read_to_string(dir.path().join("gate.xml")).unwrap()).name, "testsuites");
    let names: Vec<PathBuf> = std::fs::read_dir(dir.path().join("out")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(names.len(), 1, "no temporary files left: {names:?}");
}
