//! `--perf-log FILE`: each frame's CPU time, one line per frame, for
//! measuring the app as a user drives it.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

pub struct PerfLog {
    out: BufWriter<File>,
    frame: u64,
    started: Option<Instant>,
}

impl PerfLog {
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let mut out = BufWriter::new(File::create(path)?);
        writeln!(out, "frame,cpu_ms")?;
        Ok(Self {
            out,
            frame: 0,
            started: None,
        })
    }

    pub fn begin(&mut self) {
        self.started = Some(Instant::now());
    }

    pub fn end(&mut self) {
        if let Some(t) = self.started.take() {
            self.frame += 1;
            let _ = writeln!(
                self.out,
                "{},{:.3}",
                self.frame,
                t.elapsed().as_secs_f64() * 1000.0
            );
            // Flush every frame: the log must survive the app being killed.
            let _ = self.out.flush();
        }
    }
}

impl Drop for PerfLog {
    fn drop(&mut self) {
        let _ = self.out.flush();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn frames_are_logged_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("perf.csv");
        let mut log = super::PerfLog::create(&path).unwrap();
        log.begin();
        log.end();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("frame,cpu_ms\n1,"), "{text}");
    }
}
