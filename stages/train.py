"""DVC stage `train`: train the SSD MobileNetV2 FPNLite detector with the TF2 OD API.

Renders pipeline.config.tmpl from the `train` params, parses it into the OD API's protobuf,
and runs model_lib_v2.train_loop. An interrupted run resumes from its last checkpoint on the
next `dvc repro`. Logs step, losses, steps/s and ETA; records the run in MLflow and writes the
run id to --run-file for the later stages.
"""

from pathlib import Path

from links_detector import stage
from links_detector.common import tracking
from links_detector.detection import train


def run(args, params):
    import yaml

    params_dict = yaml.safe_load(Path(args.params).read_text())
    train.run(
        Path(args.template),
        Path(args.labels) / "label_map.pbtxt",
        Path(args.records),
        Path(args.out),
        Path(args.run_file),
        params,
        params_dict,
        tracking.project_root(),
    )


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--template", required=True, help="pipeline.config template")
    p.add_argument("--labels", required=True, help="folder with label_map.pbtxt")
    p.add_argument("--records", required=True, help="folder with train.record, test.record")
    p.add_argument("--out", required=True, help="checkpoint folder (replaced when done)")
    p.add_argument("--run-file", required=True, help="JSON file to write the MLflow run id to")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
