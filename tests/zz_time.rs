use clauselens::*;
use std::time::Instant;
#[test]
fn time() {
    let mut files: Vec<_> = std::fs::read_dir("../shared/corpus").unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    files.sort();
    let texts: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
    let mut t = String::new();
    while t.len() < 1_000_000 { t += &texts.join("\n\n"); t += "\n\n"; }
    t.truncate(1_000_000);
    let rules = RuleSet::builtin();
    let mut r = Rechecker::new();
    let a = Instant::now(); r.check(&t, &rules); println!("first {:?}", a.elapsed());
    for f in [0.2, 0.5, 0.8] {
        let at = t[(t.len() as f64 * f) as usize..].find("Article  2  \n\nIllegal access").unwrap() + (t.len() as f64 * f) as usize;
        for key in ["A", "n", "y", " "] {
            t.insert_str(at, key);
            let a = Instant::now();
            let n = r.check(&t, &rules).findings.len();
            let el = a.elapsed();
            let a2 = Instant::now(); let d = Document::parse(&t); let nn = text::Normalized::new(&t, &d.noise); let el2 = a2.elapsed(); drop(nn);
            println!("{f} {key:?} {el:?} findings {n} window {:?} parse+norm {el2:?}", r.window());
        }
    }
}
