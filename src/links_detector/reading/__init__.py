"""Reading printed links from a photo: prefixes found, the text beside each read into a URL.

The steps, glued together by ``reader.py``:

1. ``detector.py``: the exported detector finds the ``https://`` / ``http://`` prefixes;
2. ``check.py``: a small network screens the doubtful (low-scored) detections;
3. ``lines.py``: the text line beside each prefix is found, levelled and cropped;
4. ``recognize.py``: reads that line with Tesseract (``ocr.py``), decides where the link
   ends and joins a link that wraps onto the next line;
5. ``urls.py``: cleans the text into a URL.
"""
